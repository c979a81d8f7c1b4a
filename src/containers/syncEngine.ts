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
import { mirrorCounts, writeMirror } from './writeMirror';
import { engineMemory, engineSyncKey, isEmptyPlan, planWrite, rememberWritten } from './mirrorMemory';
import type { EngineMemory } from './mirrorMemory';
import type { MirrorCounts } from './writeMirror';

export interface SyncOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SyncProgress) => void;
}

export interface SyncResult {
  readonly engine: string;
  readonly counts: MirrorCounts;
  /** Instances (with their snapshots) whose rows were written, and sections rewritten; 0 and [] when nothing changed. */
  readonly written: { readonly instances: number; readonly removed: number; readonly sections: readonly string[] };
}

/**
 * Reads the whole engine through its API (nothing is written). With `memory`, Docker/Podman containers
 * whose list entry did not change since the last read are not inspected again.
 */
export async function fetchMirror(e: EngineRecord, ctx: EngineContext, opts: SyncOptions = {}, memory?: EngineMemory): Promise<EngineMirror> {
  const conn = await openEngine(e, ctx);
  try {
    return conn.kind === 'lxd'
      ? await fetchLxdMirror(conn.lxd, opts)
      : await fetchDockerMirror(conn.docker, { ...opts, memory });
  } finally {
    conn.close();
  }
}

/**
 * Mirrors one engine into the catalog: everything is read first, then written in ONE catalog.write(),
 * and only what differs from what this process last wrote (nothing at all when nothing changed).
 * On failure the catalog keeps what it had and the engine row records why (shown as "engine
 * unreachable · synced N min ago"). Cancelling leaves both the catalog and the engine row untouched.
 */
export async function syncEngine(
  catalog: Catalog,
  e: EngineRecord,
  ctx: EngineContext,
  opts: SyncOptions = {},
): Promise<SyncResult> {
  const memory = engineMemory(catalog, e.id);
  let mirror: EngineMirror;
  try {
    mirror = await fetchMirror(e, ctx, opts, memory);
    throwIfAborted(opts.signal);
  } catch (err) {
    if (!isEngineError(err, 'cancelled')) await recordFailure(catalog, e.id, err);
    throw err;
  }
  const plan = planWrite(memory, mirror);
  const written = { instances: plan.instances.length, removed: plan.removed.length, sections: [...plan.sections] };
  // Nothing changed and nothing to clear: no transaction, no save, no catalog event, no redraw.
  if (isEmptyPlan(plan) && !e.lastError) return { engine: e.name, counts: mirrorCounts(mirror, 0), written };
  memory.written = undefined; // until this write commits
  const counts = await catalog.write(
    async (em) => {
      const c = await writeMirror(em, e.id, mirror, opts.onProgress, plan);
      await em.query('UPDATE engines SET last_sync_at = ?, last_error = NULL WHERE id = ?', [sqlDate(new Date()), e.id]);
      return c;
    },
    { touched: [engineSyncKey(e.id)] },
  );
  rememberWritten(memory, mirror);
  ctx.logger?.info(`Synced ${e.name}: ${counts.instances} instances, ${counts.snapshots} snapshots, ${counts.removed} removed.`);
  return { engine: e.name, counts, written };
}

async function recordFailure(catalog: Catalog, engineId: number, err: unknown): Promise<void> {
  const kind = err instanceof EngineError ? err.kind : 'error';
  const message = err instanceof Error ? err.message : String(err);
  await catalog.write((em) => em.query('UPDATE engines SET last_error = ? WHERE id = ?', [recordedError(kind, message), engineId]));
}
