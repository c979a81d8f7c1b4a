import type { Catalog } from '../store/catalog';

/**
 * An LXD engine's server configuration (`core.https_address`, `images.auto_update_interval`…), by key.
 * Keys that could hold a secret never reached the catalog (lxdMirror's publicServerConfig).
 */
export async function listServerConfig(catalog: Catalog, engineId: number): Promise<{ key: string; value: string }[]> {
  const rows = (await catalog.read((em) => em.query('SELECT key, value FROM config WHERE engine_id = ? ORDER BY key', [engineId]))) as { key: string; value: string | null }[];
  return rows.map((r) => ({ key: r.key, value: r.value ?? '' }));
}
