import type { Catalog } from '../store/catalog';
import { volumeTypeName } from './lxdCodes';

/** The volumes of one storage pool as the Containers view lists them: by type code descending, then name. */
export async function listPoolVolumes(catalog: Catalog, engineId: number, pool: string): Promise<{ name: string; type: string }[]> {
  const rows = (await catalog.read((em) =>
    em.query(
      `SELECT v.name, v.type FROM storage_volumes v JOIN storage_pools p ON p.id = v.storage_pool_id
        WHERE p.engine_id = ? AND p.name = ? ORDER BY v.type DESC, v.name`,
      [engineId, pool],
    ),
  )) as { name: string; type: number }[];
  return rows.map((v) => ({ name: v.name, type: volumeTypeName(Number(v.type)) }));
}
