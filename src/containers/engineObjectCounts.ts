import type { Catalog } from '../store/catalog';

/** How many of each kind of object the catalog holds for one engine. */
export interface EngineObjectCounts {
  readonly containers: number;
  readonly profiles: number;
  readonly networks: number;
  readonly storage: number;
  readonly images: number;
  /** LXD: the certificates it trusts and its server config keys. */
  readonly certificates: number;
  readonly config: number;
}

/** One engine's object counts in one query (containers counts snapshots too, as the tree's "holds drafts" test did). */
export async function countEngineObjects(catalog: Catalog, engineId: number): Promise<EngineObjectCounts> {
  const [row] = (await catalog.read((em) =>
    em.query(
      `SELECT (SELECT count(*) FROM containers WHERE engine_id = ?1) AS containers,
              (SELECT count(*) FROM profiles WHERE engine_id = ?1) AS profiles,
              (SELECT count(*) FROM networks WHERE engine_id = ?1) AS networks,
              (SELECT count(*) FROM storage_pools WHERE engine_id = ?1) AS storage,
              (SELECT count(*) FROM images WHERE engine_id = ?1) AS images,
              (SELECT count(*) FROM certificates WHERE engine_id = ?1) AS certificates,
              (SELECT count(*) FROM config WHERE engine_id = ?1) AS config`,
      [engineId],
    ),
  )) as Record<keyof EngineObjectCounts, number>[];
  return {
    containers: Number(row.containers),
    profiles: Number(row.profiles),
    networks: Number(row.networks),
    storage: Number(row.storage),
    images: Number(row.images),
    certificates: Number(row.certificates),
    config: Number(row.config),
  };
}
