import type { Catalog } from '../store/catalog';
import { readDockerLists } from './dockerMirror';
import type { EngineConnection, EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { EngineError, isEngineError, throwIfAborted } from './engineError';
import type { EngineMirror, SyncProgress } from './engineMirror';
import type { EngineRecord } from './engineRecord';
import { recordedError } from './engineStatus';
import { fetchLxdMirror } from './lxdMirror';
import { sqlDate } from './bulkSql';
import { readEngineById } from './engineRegistry';
import { rememberStoredArchitectures } from './imageArchitectures';
import { readWritten } from './readWritten';
import { mirrorCounts, writeMirror } from './writeMirror';
import { engineMemory, engineSyncKey, forgetListed, isEmptyPlan, planRows, planWrite, rememberPlan } from './mirrorMemory';
import type { EngineMemory, WritePlan, Written } from './mirrorMemory';
import type { MirrorCounts } from './writeMirror';

export interface SyncOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SyncProgress) => void;
  /**
   * Podman/Docker: the rows from the engine's lists are in the catalog (written, or found current), and
   * `pending` containers are about to be inspected for what the lists lack. LXD: the sync is written.
   */
  readonly onRowsWritten?: (r: { readonly instances: number; readonly removed: number; readonly pending: number }) => void;
}

export interface SyncResult {
  readonly engine: string;
  readonly counts: MirrorCounts;
  /**
   * Instances (with their snapshots) whose rows were written, and sections rewritten; 0 and [] when
   * nothing changed. `details`: Podman/Docker instances the write after the inspects rewrote.
   */
  readonly written: { readonly instances: number; readonly removed: number; readonly sections: readonly string[]; readonly details: number };
}

/**
 * Mirrors one engine into the catalog, writing only what differs from what this process last wrote
 * (nothing at all when nothing changed).
 * - LXD: everything is read (recursion carries it all), then written in ONE catalog.write().
 * - Podman/Docker: the list calls are read and written first (the tree, states and used-by queries
 *   are right at once); the new and changed containers are inspected meanwhile for what the lists
 *   lack (env, restart policy…) and those containers' rows rewritten in a second, smaller write. When
 *   both are done the catalog holds what inspecting every container gives.
 * On failure the catalog keeps what it had and the engine row records why (shown as "engine
 * unreachable · synced N min ago"). Cancelling before the first write leaves both untouched; after
 * it, the rows stay and the next sync inspects what was left.
 */
export async function syncEngine(
  catalog: Catalog,
  e: EngineRecord,
  ctx: EngineContext,
  opts: SyncOptions = {},
): Promise<SyncResult> {
  const memory = engineMemory(catalog, e.id);
  const conn = await reading(catalog, e, opts, () => openEngine(e, ctx));
  try {
    const r = conn.kind === 'lxd' ? await syncLxd(catalog, e, conn, opts, memory) : await syncDocker(catalog, e, conn, opts, memory);
    if (r.written.instances || r.written.removed || r.written.sections.length) {
      ctx.logger?.info(`Synced ${e.name}: ${r.counts.instances} instances, ${r.counts.snapshots} snapshots, ${r.counts.removed} removed.`);
    }
    return r;
  } finally {
    conn.close();
  }
}

async function syncLxd(catalog: Catalog, e: EngineRecord, conn: EngineConnection & { kind: 'lxd' }, opts: SyncOptions, memory: EngineMemory): Promise<SyncResult> {
  const known = new Set((await knownWritten(catalog, e.id, memory)).instances.keys());
  const mirror = await reading(catalog, e, opts, () => fetchLxdMirror(conn.lxd, opts));
  const plan = sparingNewer(planWrite(memory, mirror), known);
  const removed = await commit(catalog, e, mirror, plan, opts, memory, await errorRecorded(catalog, e.id));
  opts.onRowsWritten?.({ instances: plan.instances.length, removed: plan.removed.length, pending: 0 });
  return { engine: e.name, counts: mirrorCounts(mirror, removed), written: { instances: plan.instances.length, removed: plan.removed.length, sections: [...plan.sections], details: 0 } };
}

async function syncDocker(catalog: Catalog, e: EngineRecord, conn: EngineConnection & { kind: 'podman' | 'docker' }, opts: SyncOptions, memory: EngineMemory): Promise<SyncResult> {
  // A memory that knows nothing (first sync in this process, or the catalog changed behind it) reads
  // what the catalog holds first: stored rows are not replaced by list-only ones before their inspect,
  // the inspects of unchanged containers then write nothing, and stored image architectures are reused.
  const basis = await knownWritten(catalog, e.id, memory);
  const known = new Set(basis.instances.keys());
  const read = await reading(catalog, e, opts, () => readDockerLists(conn.docker, { ...opts, memory, podmanLikely: e.kind === 'podman' }));
  const rows = sparingNewer(planRows(basis, read.rows, read.fromLists, read.outdated), known);
  // One progress for the three steps: the rows write (4), one per inspect, the details write (4).
  const total = 8 + read.pending;
  const step = (base: number): SyncOptions['onProgress'] => opts.onProgress && ((p) => opts.onProgress?.({ message: p.message, done: base + p.done, total }));
  // The inspects run while the rows are written: the engine's work and ours overlap (the engine is
  // the slower part with Podman). They only read the engine and fill the memory's list entries.
  const inspected = read.pending ? read.details(step(4)) : undefined;
  inspected?.catch(() => undefined); // awaited below, after the rows write; not unhandled if that write fails
  let removed = await commit(catalog, e, read.rows, rows, { ...opts, onProgress: step(0) }, memory, await errorRecorded(catalog, e.id), basis);
  opts.onRowsWritten?.({ instances: rows.instances.length, removed: rows.removed.length, pending: read.pending });
  // What the rows write left; a container another write (an event's re-read) rewrote meanwhile is newer than our inspect.
  const afterRows = new Map(memory.written?.instances ?? []);
  const mirror = await reading(catalog, e, opts, () => inspected ?? read.details(step(4)));
  // Rows this sync wrote from its own lists are its to remove (a container gone before its inspect).
  for (const i of rows.instances) known.add(i.name);
  const plan = sparingNewer(planWrite(memory, mirror), known);
  const overtaken = new Set(plan.whole ? [] : [...plan.instances.map((i) => i.name), ...plan.removed].filter((n) => memory.written?.instances.get(n) !== afterRows.get(n)));
  forgetListed(memory, overtaken);
  const details: WritePlan = { ...plan, instances: plan.instances.filter((i) => !overtaken.has(i.name)), removed: plan.removed.filter((n) => !overtaken.has(n)) };
  removed += await commit(catalog, e, mirror, details, { ...opts, onProgress: step(4 + read.pending) }, memory, false);
  const names = new Set([...rows.instances, ...details.instances].map((i) => i.name));
  const written = { instances: names.size, removed: rows.removed.length + details.removed.length, sections: [...new Set([...rows.sections, ...details.sections])], details: details.instances.length };
  return { engine: e.name, counts: mirrorCounts(mirror, removed), written };
}

/**
 * Writes `plan` in one catalog.write() (nothing when it is empty, unless a recorded error is to be
 * cleared) and remembers what the catalog then holds. Returns how many rows it removed.
 */
async function commit(
  catalog: Catalog,
  e: EngineRecord,
  mirror: EngineMirror,
  plan: WritePlan,
  opts: SyncOptions,
  memory: EngineMemory,
  clearError: boolean,
  before: Written | undefined = memory.written,
): Promise<number> {
  // Nothing changed and nothing to clear: no transaction, no save, no catalog event, no redraw.
  if (isEmptyPlan(plan) && !clearError) {
    rememberPlan(memory, before, plan, mirror);
    return 0;
  }
  memory.written = undefined; // until this write commits
  const counts = await catalog.write(
    async (em) => {
      const c = await writeMirror(em, e.id, mirror, opts.onProgress, plan);
      await em.query('UPDATE engines SET last_sync_at = ?, last_error = NULL WHERE id = ?', [sqlDate(new Date()), e.id]);
      return c;
    },
    { touched: [engineSyncKey(e.id)] },
  );
  rememberPlan(memory, before, plan, mirror);
  return counts.removed;
}

/**
 * `plan` without removing containers the catalog got after `known` was taken (this sync's engine read
 * came after it): a read that may predate a container cannot say it is gone. Another write put it there
 * meanwhile (the action that created it, an event's re-read); the next sync removes it if it is gone.
 */
function sparingNewer(plan: WritePlan, known: ReadonlySet<string>): WritePlan {
  return plan.whole ? plan : { ...plan, removed: plan.removed.filter((n) => known.has(n)) };
}

/**
 * What the catalog holds for the engine: as this process last wrote it, else read back from the rows
 * (a new window, or the catalog changed behind this memory), so a sync writes only what differs.
 */
async function knownWritten(catalog: Catalog, engineId: number, memory: EngineMemory): Promise<Written> {
  if (!memory.written) {
    const read = await catalog.read(async (em) => {
      await rememberStoredArchitectures(em, engineId, memory);
      return readWritten(em, engineId);
    });
    // A write that came meanwhile (an event's re-read) remembered what it wrote; that is newer.
    memory.written ??= read;
  }
  return memory.written;
}

/**
 * Whether the engine row holds an error to clear: read now, not from the caller's record, which may
 * predate a failed sync (a sync that then finds nothing to write must still clear it).
 */
async function errorRecorded(catalog: Catalog, engineId: number): Promise<boolean> {
  return !!(await readEngineById(catalog, engineId))?.lastError;
}

/** Runs an engine read: a failure (not a cancel) is recorded on the engine row, then rethrown. */
async function reading<T>(catalog: Catalog, e: EngineRecord, opts: SyncOptions, read: () => Promise<T>): Promise<T> {
  try {
    const value = await read();
    throwIfAborted(opts.signal);
    return value;
  } catch (err) {
    if (!isEngineError(err, 'cancelled')) await recordFailure(catalog, e.id, err);
    throw err;
  }
}

async function recordFailure(catalog: Catalog, engineId: number, err: unknown): Promise<void> {
  const kind = err instanceof EngineError ? err.kind : 'error';
  const message = err instanceof Error ? err.message : String(err);
  await catalog.write((em) => em.query('UPDATE engines SET last_error = ? WHERE id = ?', [recordedError(kind, message), engineId]));
}
