import type { EntityManager } from 'typeorm';
import { containersUsingNetwork } from '../../containers/usedBy';
import type { Catalog } from '../../store/catalog';
import { engineObjectId, parseEngineObjectId } from '../engineObjectId';
import type { EngineRef, NetworkView } from './protocol';

export async function loadEngineRef(em: EntityManager, engineId: number): Promise<EngineRef | undefined> {
  const rows = (await em.query('SELECT id, name, kind FROM engines WHERE id = ?', [engineId])) as { id: number; name: string; kind: string }[];
  return rows[0] ? { id: Number(rows[0].id), name: rows[0].name, kind: rows[0].kind } : undefined;
}

/** The network and its users, or undefined when the catalog no longer has it. */
export async function loadNetworkView(catalog: Catalog, id: string): Promise<NetworkView | undefined> {
  const ref = parseEngineObjectId(id);
  if (!ref) return undefined;
  return catalog.read(async (em) => {
    const engine = await loadEngineRef(em, ref.engineId);
    const rows = (await em.query('SELECT id, name, description FROM networks WHERE engine_id = ? AND name = ?', [ref.engineId, ref.name])) as {
      id: number;
      name: string;
      description: string | null;
    }[];
    if (!engine || !rows[0]) return undefined;
    const config = (await em.query('SELECT key, value FROM networks_config WHERE network_id = ? ORDER BY key', [rows[0].id])) as { key: string; value: string | null }[];
    // The same used-by query the Containers view's "Find containers using…" runs.
    const users = await containersUsingNetwork(em, ref.name, ref.engineId);
    return {
      id,
      engine,
      name: rows[0].name,
      description: rows[0].description ?? '',
      config: config.map((c) => ({ key: c.key, value: c.value ?? '' })),
      usedBy: users.map((u) => ({ id: engineObjectId(u.engineId, u.name), name: u.name })),
    };
  });
}

/** Networks for the palette's quick pick. */
export async function listNetworksForPick(catalog: Catalog): Promise<{ id: string; name: string; engine: string }[]> {
  return catalog.read(async (em) => {
    const rows = (await em.query(
      'SELECT n.engine_id AS engineId, n.name AS name, e.name AS engine FROM networks n JOIN engines e ON e.id = n.engine_id ORDER BY e.name, n.name',
    )) as { engineId: number; name: string; engine: string }[];
    return rows.map((r) => ({ id: engineObjectId(Number(r.engineId), r.name), name: r.name, engine: r.engine }));
  });
}
