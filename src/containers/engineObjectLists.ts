import type { Catalog } from '../store/catalog';

/** The rows of one group of an engine's objects, as the Containers view lists them. */
export interface EngineObjectRows {
  readonly profiles: { readonly name: string; readonly description: string }[];
  readonly networks: { readonly name: string; readonly description: string }[];
  readonly storage: { readonly name: string; readonly driver: string; readonly volumes: number }[];
  /** Newest upload first; aliases sorted. */
  readonly images: { readonly fingerprint: string; readonly size: number; readonly aliases: string[]; readonly outdated: boolean }[];
}

/** One group of an engine's objects (profiles and networks by name, pools with their volume count, images newest first). */
export async function listEngineObjects<G extends keyof EngineObjectRows>(catalog: Catalog, engineId: number, group: G): Promise<EngineObjectRows[G]> {
  const rows = await catalog.read(async (em): Promise<EngineObjectRows[keyof EngineObjectRows]> => {
    switch (group) {
      case 'profiles':
      case 'networks':
        return ((await em.query(`SELECT name, description FROM ${group} WHERE engine_id = ? ORDER BY name`, [engineId])) as { name: string; description: string | null }[]).map(
          (r) => ({ name: r.name, description: r.description ?? '' }),
        );
      case 'storage':
        return (
          (await em.query(
            'SELECT p.name, p.driver, (SELECT count(*) FROM storage_volumes v WHERE v.storage_pool_id = p.id) AS volumes FROM storage_pools p WHERE p.engine_id = ? ORDER BY p.name',
            [engineId],
          )) as { name: string; driver: string; volumes: number }[]
        ).map((p) => ({ name: p.name, driver: p.driver, volumes: Number(p.volumes) }));
      default:
        return (
          (await em.query(
            `SELECT i.fingerprint, i.size, i.outdated, (SELECT group_concat(a.name, char(31)) FROM images_aliases a WHERE a.image_id = i.id) AS aliases
               FROM images i WHERE i.engine_id = ? ORDER BY i.upload_date DESC`,
            [engineId],
          )) as { fingerprint: string; size: number; outdated: number; aliases: string | null }[]
        ).map((i) => ({ fingerprint: i.fingerprint, size: Number(i.size), aliases: i.aliases ? i.aliases.split('\x1f').sort() : [], outdated: Number(i.outdated) === 1 }));
    }
  });
  return rows as EngineObjectRows[G];
}
