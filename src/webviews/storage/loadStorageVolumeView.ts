import { volumeTypeCode, volumeTypeName } from '../../containers/lxdCodes';
import { containersUsingVolume } from '../../containers/usedBy';
import type { Catalog } from '../../store/catalog';
import { engineObjectId } from '../engineObjectId';
import { loadEngineRef } from '../network/loadNetworkView';
import type { StorageVolumeView } from './protocol';
import { parseStorageVolumeId, storageVolumeId } from './storageVolumeId';

/** The volume and its users, or undefined when the catalog no longer has it. */
export async function loadStorageVolumeView(catalog: Catalog, id: string): Promise<StorageVolumeView | undefined> {
  const ref = parseStorageVolumeId(id);
  if (!ref) return undefined;
  return catalog.read(async (em) => {
    const engine = await loadEngineRef(em, ref.engineId);
    const rows = (await em.query(
      `SELECT v.id AS id, v.description AS description, p.driver AS driver
         FROM storage_volumes v JOIN storage_pools p ON p.id = v.storage_pool_id
        WHERE p.engine_id = ? AND p.name = ? AND v.type = ? AND v.name = ?`,
      [ref.engineId, ref.pool, volumeTypeCode(ref.type), ref.name],
    )) as { id: number; description: string | null; driver: string }[];
    if (!engine || !rows[0]) return undefined;
    const config = (await em.query('SELECT key, value FROM storage_volumes_config WHERE storage_volume_id = ? ORDER BY key', [rows[0].id])) as { key: string; value: string | null }[];
    let users: { engineId: number; name: string }[] = [];
    if (ref.type === 'custom') {
      users = await containersUsingVolume(em, ref.pool, ref.name, ref.engineId);
    } else if (ref.type === 'container') {
      // An instance volume is its container's root disk (snapshot volumes, `ct/snap`, match no container).
      const owner = (await em.query('SELECT name FROM containers WHERE engine_id = ? AND name = ? AND type = 0', [ref.engineId, ref.name])) as { name: string }[];
      users = owner.map((o) => ({ engineId: ref.engineId, name: o.name }));
    }
    return {
      id,
      engine,
      pool: { id: engineObjectId(ref.engineId, ref.pool), name: ref.pool, driver: rows[0].driver },
      name: ref.name,
      type: ref.type,
      description: rows[0].description ?? '',
      config: config.map((c) => ({ key: c.key, value: c.value ?? '' })),
      usedBy: users.map((u) => ({ id: engineObjectId(u.engineId, u.name), name: u.name })),
    };
  });
}

/** Storage volumes for the palette's quick pick, custom ones first. */
export async function listStorageVolumesForPick(catalog: Catalog): Promise<{ id: string; name: string; engine: string }[]> {
  return catalog.read(async (em) => {
    const rows = (await em.query(
      `SELECT p.engine_id AS engineId, p.name AS pool, v.name AS name, v.type AS type, e.name AS engine
         FROM storage_volumes v JOIN storage_pools p ON p.id = v.storage_pool_id JOIN engines e ON e.id = p.engine_id
        ORDER BY CASE v.type WHEN 2 THEN 0 ELSE 1 END, e.name, p.name, v.type, v.name`,
    )) as { engineId: number; pool: string; name: string; type: number; engine: string }[];
    return rows
      .map((r) => {
        const type = volumeTypeName(Number(r.type));
        return { id: storageVolumeId(Number(r.engineId), r.pool, type, r.name), name: r.name, engine: `${r.engine} · ${r.pool} · ${type}` };
      })
      .filter((v) => parseStorageVolumeId(v.id) !== undefined);
  });
}
