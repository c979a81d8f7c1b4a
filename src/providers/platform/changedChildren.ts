/**
 * A tree view's refresh without repainting it all. For every parent whose children VS Code was given
 * ('' for the top level), the children are read again; the result pairs each element VS Code holds with
 * its fresh data where the row's look changed. Undefined when some list of children changed (a node
 * added, removed or moved, or a parent gone): then only a whole redraw is right.
 *
 * Only what VS Code was given is read again, so a refresh costs no more than VS Code's own re-reading
 * of the open parts of the tree; large collapsed groups are never walked.
 */
export async function changedChildren<N extends { readonly id: string }>(
  given: ReadonlyMap<string, readonly N[]>,
  childrenOf: (parentId: string) => Promise<readonly N[] | undefined> | readonly N[] | undefined,
  lookOfHeld: (held: N) => string,
  lookOfFresh: (fresh: N) => string,
): Promise<[held: N, fresh: N][] | undefined> {
  if (!given.has('')) return undefined;
  const changed: [N, N][] = [];
  for (const [parentId, held] of [...given]) {
    const fresh = await childrenOf(parentId);
    if (!fresh || fresh.length !== held.length || fresh.some((f, i) => f.id !== held[i].id)) return undefined;
    fresh.forEach((f, i) => {
      if (lookOfHeld(held[i]) !== lookOfFresh(f)) changed.push([held[i], f]);
    });
  }
  return changed;
}
