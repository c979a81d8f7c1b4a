import type { Catalog } from '../store/catalog';
import { loadProfiles } from './catalogReads';
import type { MirrorProfile } from './engineMirror';
import type { EngineRecord } from './engineRecord';
import { findEngineById } from './engineRegistry';
import { containersUsingProfile } from './usedBy';
import type { ContainerRef } from './usedBy';

export interface ProfileDetails {
  readonly engine: EngineRecord;
  readonly profile: MirrorProfile;
  /** The containers that have it applied: the same used-by query "Find containers using…" runs. */
  readonly users: ContainerRef[];
}

/** A profile of an engine with its users, in one catalog read; undefined when the catalog no longer has it. */
export async function readProfileDetails(catalog: Catalog, engineId: number, name: string): Promise<ProfileDetails | undefined> {
  return catalog.read(async (em) => {
    const engine = await findEngineById(em, engineId);
    const [profile] = await loadProfiles(em, engineId, [name]);
    if (!engine || !profile) return undefined;
    return { engine, profile, users: await containersUsingProfile(em, engineId, name) };
  });
}
