import type { Catalog } from '../store/catalog';
import { IdAllocator } from './bulkSql';
import type { LxdClient } from './lxdClient';
import { toProfile } from './lxdMirror';
import { replaceProfiles } from './writeMirror';

/**
 * Re-reads one profile from LXD and rewrites only its rows (config and devices); containers keep their
 * links to it. Used after every profile change, once LXD has confirmed it.
 */
export async function refreshProfile(catalog: Catalog, engineId: number, lxd: LxdClient, name: string): Promise<void> {
  const fresh = toProfile(await lxd.profile(name));
  await catalog.write((em) => replaceProfiles(em, new IdAllocator(em), engineId, [fresh], false));
}
