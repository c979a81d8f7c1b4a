import { listForPick } from '../../containers/pickLists';
import { readStorageVolumeDetails } from '../../containers/storageVolumeDetails';
import type { Catalog } from '../../store/catalog';
import { engineObjectId } from '../engineObjectId';
import { toEngineRef } from '../network/loadNetworkView';
import type { StorageVolumeView } from './protocol';
import { parseStorageVolumeId, storageVolumeId } from './storageVolumeId';

/** The volume and its users, or undefined when the catalog no longer has it. */
export async function loadStorageVolumeView(catalog: Catalog, id: string): Promise<StorageVolumeView | undefined> {
  const ref = parseStorageVolumeId(id);
  if (!ref) return undefined;
  const v = await readStorageVolumeDetails(catalog, ref.engineId, ref.pool, ref.type, ref.name);
  if (!v) return undefined;
  return {
    id,
    engine: toEngineRef(v.engine),
    pool: { id: engineObjectId(ref.engineId, ref.pool), name: ref.pool, driver: v.driver },
    name: ref.name,
    type: ref.type,
    description: v.description,
    config: v.config,
    usedBy: v.users.map((u) => ({ id: engineObjectId(u.engineId, u.name), name: u.name })),
  };
}

/** Storage volumes for the palette's quick pick, custom ones first. */
export async function listStorageVolumesForPick(catalog: Catalog): Promise<{ id: string; name: string; engine: string }[]> {
  return (await listForPick(catalog, 'volumes'))
    .map((r) => ({ id: storageVolumeId(r.engineId, r.pool, r.type, r.name), name: r.name, engine: `${r.engine} · ${r.pool} · ${r.type}` }))
    .filter((v) => parseStorageVolumeId(v.id) !== undefined);
}
