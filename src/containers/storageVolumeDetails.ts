import type { Catalog } from '../store/catalog';
import type { EngineRecord } from './engineRecord';
import { findEngineById } from './engineRegistry';
import { volumeTypeCode } from './lxdCodes';
import { containersUsingVolume } from './usedBy';
import type { ContainerRef } from './usedBy';

export interface StorageVolumeDetails {
  readonly engine: EngineRecord;
  /** The driver of its pool. */
  readonly driver: string;
  readonly description: string;
  readonly config: { key: string; value: string }[];
  /** A custom volume's users; an instance volume's container (its root disk); nobody for the rest. */
  readonly users: ContainerRef[];
}

/** A storage volume (pool, type word, name) and who uses it, in one catalog read; undefined when the catalog no longer has it. */
export async function readStorageVolumeDetails(catalog: Catalog, engineId: number, pool: string, type: string, name: string): Promise<StorageVolumeDetails | undefined> {
  return catalog.read(async (em) => {
    const engine = await findEngineById(em, engineId);
    const rows = (await em.query(
      `SELECT v.id AS id, v.description AS description, p.driver AS driver
         FROM storage_volumes v JOIN storage_pools p ON p.id = v.storage_pool_id
        WHERE p.engine_id = ? AND p.name = ? AND v.type = ? AND v.name = ?`,
      [engineId, pool, volumeTypeCode(type), name],
    )) as { id: number; description: string | null; driver: string }[];
    if (!engine || !rows[0]) return undefined;
    const config = (await em.query('SELECT key, value FROM storage_volumes_config WHERE storage_volume_id = ? ORDER BY key', [rows[0].id])) as { key: string; value: string | null }[];
    let users: ContainerRef[] = [];
    if (type === 'custom') {
      users = await containersUsingVolume(em, pool, name, engineId);
    } else if (type === 'container') {
      // An instance volume is its container's root disk (snapshot volumes, `ct/snap`, match no container).
      const owner = (await em.query('SELECT name FROM containers WHERE engine_id = ? AND name = ? AND type = 0', [engineId, name])) as { name: string }[];
      users = owner.map((o) => ({ engine: engine.name, engineId, name: o.name }));
    }
    return { engine, driver: rows[0].driver, description: rows[0].description ?? '', config: config.map((c) => ({ key: c.key, value: c.value ?? '' })), users };
  });
}
