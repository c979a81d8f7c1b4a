import { applyViewQuery, type ViewQuery } from '../../shared/viewQuery';
import { REGISTRY_VIEW_SPEC, type RegistryViewRow } from '../../registries/registryViewSpec';
import type { RegistryNode, RegistryTreeNode } from './registryTreeNodes';

/**
 * The Registries view's top level through its filter, sort and grouping: registry nodes filtered and
 * sorted, flat or in "logged in" / "not logged in" groups; other nodes (an error reading the list) stay first.
 */
export function queryRegistryRoots(roots: readonly RegistryTreeNode[], query: ViewQuery): RegistryTreeNode[] {
  const registries = roots.filter((n): n is RegistryNode => n.type === 'registry');
  const rest = roots.filter((n) => n.type !== 'registry');
  const byRow = new Map<RegistryViewRow, RegistryNode>(registries.map((n) => [n.registry, n]));
  const groups = applyViewQuery(REGISTRY_VIEW_SPEC, query, [...byRow.keys()]);
  const nodesOf = (rows: readonly RegistryViewRow[]): RegistryNode[] => rows.map((r) => byRow.get(r) as RegistryNode);
  if (groups.length === 1 && groups[0].name === undefined) return [...rest, ...nodesOf(groups[0].rows)];
  return [...rest, ...groups.map((g) => ({ type: 'viewGroup' as const, id: `view/${query.group ?? ''}/${g.name ?? ''}`, name: g.name ?? '', registries: nodesOf(g.rows) }))];
}
