import type { Catalog } from '../store/catalog';
import { volumeTypeName } from './lxdCodes';

interface PickRow {
  readonly engineId: number;
  /** The engine's name. */
  readonly engine: string;
  readonly name: string;
}

/** What each palette quick pick lists, across every engine. */
export interface PickRows {
  readonly containers: PickRow[];
  readonly networks: PickRow[];
  readonly profiles: PickRow[];
  readonly pools: (PickRow & { readonly driver: string })[];
  /** Custom volumes first. */
  readonly volumes: (PickRow & { readonly pool: string; readonly type: string })[];
}

const QUERIES: Record<keyof PickRows, string> = {
  containers: 'SELECT c.engine_id AS engineId, c.name AS name, e.name AS engine FROM containers c JOIN engines e ON e.id = c.engine_id WHERE c.type = 0 ORDER BY e.name, c.name',
  networks: 'SELECT n.engine_id AS engineId, n.name AS name, e.name AS engine FROM networks n JOIN engines e ON e.id = n.engine_id ORDER BY e.name, n.name',
  profiles: 'SELECT p.engine_id AS engineId, p.name AS name, e.name AS engine FROM profiles p JOIN engines e ON e.id = p.engine_id ORDER BY e.name, p.name',
  pools: 'SELECT p.engine_id AS engineId, p.name AS name, p.driver AS driver, e.name AS engine FROM storage_pools p JOIN engines e ON e.id = p.engine_id ORDER BY e.name, p.name',
  volumes: `SELECT p.engine_id AS engineId, p.name AS pool, v.name AS name, v.type AS type, e.name AS engine
              FROM storage_volumes v JOIN storage_pools p ON p.id = v.storage_pool_id JOIN engines e ON e.id = p.engine_id
             ORDER BY CASE v.type WHEN 2 THEN 0 ELSE 1 END, e.name, p.name, v.type, v.name`,
};

/** The rows of one palette quick pick ("Open container details", …), sorted by engine then name. */
export async function listForPick<K extends keyof PickRows>(catalog: Catalog, kind: K): Promise<PickRows[K]> {
  const rows = (await catalog.read((em) => em.query(QUERIES[kind]))) as (Record<string, unknown> & { engineId: number; type?: number })[];
  return rows.map((r) => ({ ...r, engineId: Number(r.engineId), ...(kind === 'volumes' ? { type: volumeTypeName(Number(r.type)) } : {}) })) as unknown as PickRows[K];
}
