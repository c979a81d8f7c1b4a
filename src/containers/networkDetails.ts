import type { Catalog } from '../store/catalog';
import type { EngineRecord } from './engineRecord';
import { findEngineById } from './engineRegistry';
import { containersUsingNetwork } from './usedBy';
import type { ContainerRef } from './usedBy';

export interface NetworkDetails {
  readonly engine: EngineRecord;
  readonly name: string;
  readonly description: string;
  /** Its config keys, sorted. */
  readonly config: { key: string; value: string }[];
  /** The containers using it: the same used-by query "Find containers using…" runs. */
  readonly users: ContainerRef[];
}

/** A network of an engine with its users, in one catalog read; undefined when the catalog no longer has it. */
export async function readNetworkDetails(catalog: Catalog, engineId: number, name: string): Promise<NetworkDetails | undefined> {
  return catalog.read(async (em) => {
    const engine = await findEngineById(em, engineId);
    const rows = (await em.query('SELECT id, name, description FROM networks WHERE engine_id = ? AND name = ?', [engineId, name])) as {
      id: number;
      name: string;
      description: string | null;
    }[];
    if (!engine || !rows[0]) return undefined;
    const config = (await em.query('SELECT key, value FROM networks_config WHERE network_id = ? ORDER BY key', [rows[0].id])) as { key: string; value: string | null }[];
    return {
      engine,
      name: rows[0].name,
      description: rows[0].description ?? '',
      config: config.map((c) => ({ key: c.key, value: c.value ?? '' })),
      users: await containersUsingNetwork(em, name, engineId),
    };
  });
}
