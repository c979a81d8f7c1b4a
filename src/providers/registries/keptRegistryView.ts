import type { RegistryNode, RegistryTreeNode } from './registryTreeNodes';

/**
 * The Registries view's top level as kept for the next window's first paint (src/store/keptView.ts): the
 * registries (or the view's groups of them) as the catalog lists them: names, addresses, login state, the
 * last check. No password or token is part of a node. Undefined when the top level holds anything else
 * (an error in place of the list).
 */
export function keptRegistryRoots(roots: readonly RegistryTreeNode[] | undefined): Record<string, RegistryTreeNode[]> | undefined {
  if (!roots || roots.some((n) => n.type !== 'registry' && n.type !== 'viewGroup')) return undefined;
  return { '': [...roots] };
}

/** A kept node as the view's code expects it (JSON made the last check's time a string). */
export function revivedRegistryNode(n: RegistryTreeNode): RegistryTreeNode {
  if (n.type === 'registry') return revivedRegistry(n);
  if (n.type === 'viewGroup') return { ...n, registries: n.registries.map(revivedRegistry) };
  return n;
}

function revivedRegistry(n: RegistryNode): RegistryNode {
  const at = n.registry.verifiedAt;
  if (at === null || at instanceof Date) return n;
  return { ...n, registry: { ...n.registry, verifiedAt: new Date(at as unknown as string) } };
}
