import { listForPick } from '../../containers/pickLists';
import { readStoragePoolDetails } from '../../containers/storagePoolDetails';
import type { Catalog } from '../../store/catalog';
import { engineObjectId, parseEngineObjectId } from '../engineObjectId';
import { toEngineRef } from '../network/loadNetworkView';
import type { StoragePoolView } from './protocol';
import { parseStorageVolumeId, storageVolumeId } from './storageVolumeId';

/** The pool, its volumes and their users, or undefined when the catalog no longer has it. */
export async function loadStoragePoolView(catalog: Catalog, id: string): Promise<StoragePoolView | undefined> {
  const ref = parseEngineObjectId(id);
  if (!ref) return undefined;
  const pool = await readStoragePoolDetails(catalog, ref.engineId, ref.name);
  if (!pool) return undefined;
  const link = (u: { engineId: number; name: string }) => ({ id: engineObjectId(u.engineId, u.name), name: u.name });
  return {
    id,
    engine: toEngineRef(pool.engine),
    name: pool.name,
    driver: pool.driver,
    config: pool.config,
    volumes: pool.volumes.map((v) => {
      const volumeId = storageVolumeId(ref.engineId, pool.name, v.type, v.name);
      return {
        name: v.name,
        type: v.type,
        // A name outside the ids' grammar could not be opened anyway: no link rather than a broken one.
        id: v.type === 'custom' && parseStorageVolumeId(volumeId) ? volumeId : null,
        usedBy: v.users.map(link),
      };
    }),
    rootDisks: pool.rootDisks.map(link),
  };
}

/** Storage pools for the palette's quick pick. */
export async function listStoragePoolsForPick(catalog: Catalog): Promise<{ id: string; name: string; engine: string }[]> {
  return (await listForPick(catalog, 'pools')).map((r) => ({ id: engineObjectId(r.engineId, r.name), name: r.name, engine: `${r.engine} · ${r.driver}` }));
}
