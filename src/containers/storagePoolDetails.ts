import type { Catalog } from '../store/catalog';
import type { EngineRecord } from './engineRecord';
import { findEngineById } from './engineRegistry';
import { volumeTypeName } from './lxdCodes';
import { containersUsingVolumes, containersWithRootIn } from './usedBy';
import type { ContainerRef } from './usedBy';

export interface StoragePoolDetails {
  readonly engine: EngineRecord;
  readonly name: string;
  readonly driver: string;
  readonly config: { key: string; value: string }[];
  /** Custom volumes first (the ones users make and attach), then the engine's own; each with the users of a custom one. */
  readonly volumes: { name: string; type: string; users: ContainerRef[] }[];
  /** The containers whose root disk lives in the pool. */
  readonly rootDisks: ContainerRef[];
}

/** A storage pool, its volumes and their users, in one catalog read (three used-by queries, whatever the pool holds). */
export async function readStoragePoolDetails(catalog: Catalog, engineId: number, name: string): Promise<StoragePoolDetails | undefined> {
  return catalog.read(async (em) => {
    const engine = await findEngineById(em, engineId);
    const pools = (await em.query('SELECT id, name, driver FROM storage_pools WHERE engine_id = ? AND name = ?', [engineId, name])) as { id: number; name: string; driver: string }[];
    if (!engine || !pools[0]) return undefined;
    const pool = pools[0];
    const config = (await em.query('SELECT key, value FROM storage_pools_config WHERE storage_pool_id = ? ORDER BY key', [pool.id])) as { key: string; value: string | null }[];
    const volumes = (
      (await em.query('SELECT name, type FROM storage_volumes WHERE storage_pool_id = ? ORDER BY CASE type WHEN 2 THEN 0 ELSE 1 END, type, name', [pool.id])) as {
        name: string;
        type: number;
      }[]
    ).map((v) => ({ name: v.name, type: volumeTypeName(Number(v.type)) }));
    const custom = volumes.filter((v) => v.type === 'custom');
    const users = await containersUsingVolumes(em, custom.map((v) => ({ pool: pool.name, volume: v.name })), engineId);
    const ref = (u: ContainerRef): ContainerRef => ({ engine: u.engine, engineId: u.engineId, name: u.name });
    return {
      engine,
      name: pool.name,
      driver: pool.driver,
      config: config.map((c) => ({ key: c.key, value: c.value ?? '' })),
      volumes: volumes.map((v) => ({ ...v, users: v.type === 'custom' ? users.filter((u) => u.volume === v.name).map(ref) : [] })),
      rootDisks: await containersWithRootIn(em, pool.name, engineId),
    };
  });
}
