import { volumeTypeName } from '../../containers/lxdCodes';
import { containersUsingVolumes, containersWithRootIn } from '../../containers/usedBy';
import type { Catalog } from '../../store/catalog';
import { engineObjectId, parseEngineObjectId } from '../engineObjectId';
import { loadEngineRef } from '../network/loadNetworkView';
import type { StoragePoolView } from './protocol';
import { parseStorageVolumeId, storageVolumeId } from './storageVolumeId';

/** The pool, its volumes and their users, or undefined when the catalog no longer has it. Three used-by reads, whatever the pool holds. */
export async function loadStoragePoolView(catalog: Catalog, id: string): Promise<StoragePoolView | undefined> {
  const ref = parseEngineObjectId(id);
  if (!ref) return undefined;
  return catalog.read(async (em) => {
    const engine = await loadEngineRef(em, ref.engineId);
    const pools = (await em.query('SELECT id, name, driver FROM storage_pools WHERE engine_id = ? AND name = ?', [ref.engineId, ref.name])) as { id: number; name: string; driver: string }[];
    if (!engine || !pools[0]) return undefined;
    const pool = pools[0];
    const config = (await em.query('SELECT key, value FROM storage_pools_config WHERE storage_pool_id = ? ORDER BY key', [pool.id])) as { key: string; value: string | null }[];
    // Custom volumes first (the ones users make and attach), then the engine's own, as the tree orders them.
    const volumes = (await em.query(
      'SELECT name, type FROM storage_volumes WHERE storage_pool_id = ? ORDER BY CASE type WHEN 2 THEN 0 ELSE 1 END, type, name',
      [pool.id],
    )) as { name: string; type: number }[];
    const custom = volumes.filter((v) => volumeTypeName(Number(v.type)) === 'custom');
    const users = await containersUsingVolumes(em, custom.map((v) => ({ pool: pool.name, volume: v.name })), ref.engineId);
    const roots = await containersWithRootIn(em, pool.name, ref.engineId);
    const link = (u: { engineId: number; name: string }) => ({ id: engineObjectId(u.engineId, u.name), name: u.name });
    return {
      id,
      engine,
      name: pool.name,
      driver: pool.driver,
      config: config.map((c) => ({ key: c.key, value: c.value ?? '' })),
      volumes: volumes.map((v) => {
        const type = volumeTypeName(Number(v.type));
        const volumeId = storageVolumeId(ref.engineId, pool.name, type, v.name);
        return {
          name: v.name,
          type,
          // A name outside the ids' grammar could not be opened anyway: no link rather than a broken one.
          id: type === 'custom' && parseStorageVolumeId(volumeId) ? volumeId : null,
          usedBy: users.filter((u) => u.volume === v.name && type === 'custom').map(link),
        };
      }),
      rootDisks: roots.map(link),
    };
  });
}

/** Storage pools for the palette's quick pick. */
export async function listStoragePoolsForPick(catalog: Catalog): Promise<{ id: string; name: string; engine: string }[]> {
  return catalog.read(async (em) => {
    const rows = (await em.query(
      'SELECT p.engine_id AS engineId, p.name AS name, p.driver AS driver, e.name AS engine FROM storage_pools p JOIN engines e ON e.id = p.engine_id ORDER BY e.name, p.name',
    )) as { engineId: number; name: string; driver: string; engine: string }[];
    return rows.map((r) => ({ id: engineObjectId(Number(r.engineId), r.name), name: r.name, engine: `${r.engine} · ${r.driver}` }));
  });
}
