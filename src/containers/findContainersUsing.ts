import type { Catalog } from '../store/catalog';
import { containersUsingImage, containersUsingNetwork, containersUsingProfile, containersUsingVolume } from './usedBy';
import type { ContainerRef } from './usedBy';

/** What "Find containers using…" can ask about. */
export type UsageKind = 'network' | 'profile' | 'volume' | 'image';
export const USAGE_KINDS: readonly UsageKind[] = ['network', 'profile', 'volume', 'image'];

export interface UsageQuery {
  readonly kind: UsageKind;
  /** The network, profile or volume name, or the image fingerprint. */
  readonly name: string;
  /** Limits the answer to one engine; a profile belongs to one, so without it nothing matches. */
  readonly engineId?: number;
  /** The storage pool of a volume. */
  readonly pool?: string;
}

/** The containers using a network, profile, custom volume or image, as the used-by queries expand devices and profiles. */
export async function findContainersUsing(catalog: Catalog, q: UsageQuery): Promise<ContainerRef[]> {
  return catalog.read(async (em) => {
    switch (q.kind) {
      case 'network':
        return containersUsingNetwork(em, q.name, q.engineId);
      case 'profile':
        return q.engineId === undefined ? [] : containersUsingProfile(em, q.engineId, q.name);
      case 'volume':
        return containersUsingVolume(em, q.pool ?? '', q.name, q.engineId);
      default:
        return containersUsingImage(em, q.name, q.engineId);
    }
  });
}
