import type { Catalog } from '../store/catalog';
import { fetchDockerMirror } from './dockerMirror';
import type { EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { EngineError, isEngineError, throwIfAborted } from './engineError';
import type { EngineMirror, SyncProgress } from './engineMirror';
import type { EngineRecord } from './engineRecord';
import { recordedError } from './engineStatus';
import { fetchLxdMirror } from './lxdMirror';
import { sqlDate } from './bulkSql';
import { writeMirror } from './writeMirror';
import type { MirrorCounts } from './writeMirror';

export interface SyncOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SyncProgress) => void;
}

export interface SyncResult {
  readonly engine: string;
  readonly counts: MirrorCounts;
}

/** Reads the whole engine through its API (nothing is written). */
export async function fetchMirror(e: EngineRecord, ctx: EngineContext, opts: SyncOptions = {}): Promise<EngineMirror> {
  const conn = await openEngine(e, ctx);
  try {
    return conn.kind === 'lxd'
      ? await fetchLxdMirror(conn.lxd, opts)
      : await fetchDockerMirror(conn.docker, opts);
  } finally {
    conn.close();
  }
}

/**
 * Mirrors one engine into the catalog: everything is read first, then written in ONE catalog.write().
 * On failure the catalog keeps what it had and the engine row records why (shown as "engine
 * unreachable · synced N min ago"). Cancelling leaves both the catalog and the engine row untouched.
 */
export async function syncEngine(
  catalog: Catalog,
  e: EngineRecord,
  ctx: EngineContext,
  opts: SyncOptions = {},
): Promise<SyncResult> {
  let mirror: EngineMirror;
  try {
    mirror = await fetchMirror(e, ctx, opts);
    throwIfAborted(opts.signal);
  } catch (err) {
    if (!isEngineError(err, 'cancelled')) await recordFailure(catalog, e.id, err);
    throw err;
  }
  const counts = await catalog.write(async (em) => {
    const c = await writeMirror(em, e.id, mirror, opts.onProgress);
    await em.query('UPDATE engines SET last_sync_at = ?, last_error = NULL WHERE id = ?', [sqlDate(new Date()), e.id]);
    return c;
  });
  ctx.logger?.info(`Synced ${e.name}: ${counts.instances} instances, ${counts.snapshots} snapshots, ${counts.removed} removed.`);
  return { engine: e.name, counts };
}

async function recordFailure(catalog: Catalog, engineId: number, err: unknown): Promise<void> {
  const kind = err instanceof EngineError ? err.kind : 'error';
  const message = err instanceof Error ? err.message : String(err);
  await catalog.write((em) => em.query('UPDATE engines SET last_error = ? WHERE id = ?', [recordedError(kind, message), engineId]));
}
