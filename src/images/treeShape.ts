/**
 * A tree as plain data: every node by id, and each parent's child ids in order ('' for the roots).
 * Two shapes tell a view whether a change kept the tree's structure, so it can redraw only the nodes
 * whose own data changed instead of the whole view (which VS Code repaints and re-reads in full).
 */
export interface TreeShape<N extends { readonly id: string }> {
  readonly nodes: ReadonlyMap<string, N>;
  readonly children: ReadonlyMap<string, readonly string[]>;
}

export function treeShape<N extends { readonly id: string }>(roots: readonly N[], childrenOf: (node: N) => readonly N[]): TreeShape<N> {
  const nodes = new Map<string, N>();
  const children = new Map<string, readonly string[]>();
  const walk = (parent: string, list: readonly N[]) => {
    children.set(parent, list.map((n) => n.id));
    for (const n of list) {
      nodes.set(n.id, n);
      walk(n.id, childrenOf(n));
    }
  };
  walk('', roots);
  return { nodes, children };
}

/**
 * The ids of nodes whose own look changed, or undefined when the structure changed (a node added,
 * removed or moved): then only a whole redraw is right. A look may depend on its side (the time a
 * model was made, for "updated 5 min ago"), hence one function per side.
 */
export function changedNodes<N extends { readonly id: string }>(
  before: TreeShape<N>,
  after: TreeShape<N>,
  lookBefore: (node: N) => string,
  lookAfter: (node: N) => string = lookBefore,
): string[] | undefined {
  if (before.children.size !== after.children.size) return undefined;
  for (const [parent, ids] of before.children) {
    const now = after.children.get(parent);
    if (!now || now.length !== ids.length || now.some((id, i) => id !== ids[i])) return undefined;
  }
  const changed: string[] = [];
  for (const [id, node] of before.nodes) {
    if (lookBefore(node) !== lookAfter(after.nodes.get(id) as N)) changed.push(id);
  }
  return changed;
}
