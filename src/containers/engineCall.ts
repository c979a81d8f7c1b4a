import type { Catalog } from '../store/catalog';
import type { EngineConnection, EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { EngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import { syncEngine } from './syncEngine';

/**
 * Runs `fn` on an open connection to `e` (closed after), then syncs the engine so the catalog shows the
 * change; a failed sync is logged, not thrown: the engine did change, the catalog catches up on the next sync.
 */
export async function changeEngine<T>(catalog: Catalog, e: EngineRecord, ctx: EngineContext, fn: (conn: EngineConnection) => Promise<T>): Promise<T> {
  if (e.kind === 'catalog') throw new EngineError('api', `${e.name} lives only in the catalog; this needs a connected engine.`);
  const conn = await openEngine(e, ctx);
  let result: T;
  try {
    result = await fn(conn);
  } finally {
    conn.close();
  }
  try {
    await syncEngine(catalog, e, ctx);
  } catch (err) {
    ctx.logger?.warn(`Syncing ${e.name} after the change failed: ${(err as Error).message}`);
  }
  return result;
}
