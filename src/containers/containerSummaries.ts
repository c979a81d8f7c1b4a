import type { Catalog } from '../store/catalog';
import { listContainers } from './catalogReads';
import type { ContainerSummary } from './catalogReads';

/**
 * Containers (not snapshots) with their profiles in apply order and snapshot count: all, one engine's, or
 * one by name. What the tree lists, the quick picks offer and `containers list` prints.
 */
export async function listContainerSummaries(catalog: Catalog, filter: { readonly engineId?: number; readonly name?: string } = {}): Promise<ContainerSummary[]> {
  return catalog.read((em) => listContainers(em, filter.engineId, filter.name));
}
