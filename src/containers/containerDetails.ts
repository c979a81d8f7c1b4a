import type { Catalog } from '../store/catalog';
import { loadContainer, loadProfiles } from './catalogReads';
import type { CatalogContainer } from './catalogReads';
import { effectiveConfig } from './effectiveConfig';
import type { EffectiveConfig } from './effectiveConfig';
import type { MirrorProfile } from './engineMirror';
import type { EngineRecord } from './engineRecord';
import { findEngineById } from './engineRegistry';

/** One container as every face shows it: the tree's sections, the effective-config command, the CLI's `show`, the panel. */
export interface ContainerDetails {
  readonly engine: EngineRecord;
  readonly container: CatalogContainer;
  /** The applied profiles the catalog has, with their config and devices. */
  readonly profiles: readonly MirrorProfile[];
  /** LXD's expansion: profiles in apply order, then the container's own keys. */
  readonly effective: EffectiveConfig;
  /** The engine's other profiles (not applied), by name: what "Add profile" offers. */
  readonly otherProfiles: readonly string[];
}

/**
 * The one reader of a container's details, in one catalog read (so the parts agree). Undefined when the
 * catalog has no such engine or container. A snapshot's full name (`ct/snap`) reads the snapshot.
 */
export async function readContainerDetails(catalog: Catalog, engineId: number, name: string): Promise<ContainerDetails | undefined> {
  return catalog.read(async (em) => {
    const engine = await findEngineById(em, engineId);
    const container = engine && (await loadContainer(em, engineId, name));
    if (!engine || !container) return undefined;
    const all = await loadProfiles(em, engineId);
    const profiles = all.filter((p) => container.profiles.includes(p.name));
    return {
      engine,
      container,
      profiles,
      effective: effectiveConfig(container, profiles),
      otherProfiles: all.map((p) => p.name).filter((p) => !container.profiles.includes(p)),
    };
  });
}
