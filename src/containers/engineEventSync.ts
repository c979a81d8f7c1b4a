import type { Catalog } from '../store/catalog';
import type { EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { watchEngineEvents } from './engineEvents';
import type { EngineEvent } from './engineEvents';
import type { EngineRecord } from './engineRecord';
import { readEngineById } from './engineRegistry';
import { refreshInstances } from './refreshInstance';
import type { RereadStates } from './refreshInstance';
import { syncEngine } from './syncEngine';

/**
 * How long a burst waits for more events. An engine sends the events of one CLI call within a few ms of
 * each other (Podman: `die` then `cleanup`), while its separate steps can be far apart (Podman's `init` and
 * `start` of one `podman start`: 50–300 ms): a short wait coalesces the first kind and keeps the row's
 * redraw close to the event (issue 19's 500 ms), a longer one would only delay it.
 */
const QUIET_MS = 25;
/**
 * Once two bursts were applied within BUSY_WINDOW_MS, events keep coming (a script, `rm -f` of many
 * containers): the wait grows to BUSY_QUIET_MS so they share re-reads and writes (each write saves the file).
 */
const BUSY_QUIET_MS = 100;
const BUSY_WINDOW_MS = 1000;

export interface EventSyncOptions {
  /** A burst ends after this long without an event; then it is applied as one catalog write. */
  readonly quietMs?: number;
  /** A steady stream of events is still applied at least this often. */
  readonly maxWaitMs?: number;
  /** Reconnect backoff bounds (see watchEngineEvents). */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  /**
   * After the containers of a burst were re-read and before their catalog write: the runtime state the
   * re-read saw (Podman/Docker), for a view to show at once; the write and its save follow.
   */
  readonly onReread?: (r: RereadEvents) => void;
  /** After each applied burst (also when it wrote nothing: runtime state may have changed). */
  readonly onApplied?: (a: AppliedEvents) => void;
}

export interface RereadEvents {
  readonly engineId: number;
  readonly names: readonly string[];
  readonly states: RereadStates;
}

export interface AppliedEvents {
  readonly engineId: number;
  /** Containers re-read; empty after a full sync. */
  readonly names: readonly string[];
  readonly full: boolean;
  /** Whether the catalog was written. */
  readonly wrote: boolean;
}

/** What an event sync did so far: counts for tests and the benchmark. */
export interface EventSyncStats {
  events: number;
  connects: number;
  disconnects: number;
  /** Full syncs after the stream (re)connected. */
  gapSyncs: number;
  /** Full syncs for image, network, volume, profile events and renames (they write only what differs). */
  objectSyncs: number;
  bursts: number;
  writes: number;
  errors: number;
  /** Wall-clock time (ms) the last event arrived; `npm run bench` measures event → tree from it. */
  lastEventAt: number;
}

/**
 * Keeps one engine's part of the catalog current from its event stream: each burst of container events
 * becomes one re-read of just those containers and at most one catalog write; anything wider (images,
 * networks, volumes, profiles, a rename) and every (re)connection — after which events may have been
 * missed — becomes one full sync, which itself writes only what differs.
 */
export class EngineEventSync {
  readonly stats: EventSyncStats = { events: 0, connects: 0, disconnects: 0, gapSyncs: 0, objectSyncs: 0, bursts: 0, writes: 0, errors: 0, lastEventAt: 0 };
  private readonly names = new Set<string>();
  private full = false;
  private gap = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstPendingAt = 0;
  /** When the last two bursts began to be applied (Date.now()). */
  private appliedAt: number[] = [];
  private applying: Promise<void> = Promise.resolve();
  private stream: { close(): void } | undefined;
  private closed = false;
  /** Why the stream last broke, until it connects again (see onDisconnected). */
  private lastBreak: string | undefined;

  constructor(
    private readonly catalog: Catalog,
    readonly engine: EngineRecord,
    private readonly ctx: EngineContext,
    private readonly opts: EventSyncOptions = {},
  ) {}

  start(): this {
    this.stream ??= watchEngineEvents(() => openEngine(this.engine, this.ctx), {
      onEvent: (e) => this.onEvent(e),
      onConnected: () => {
        if (this.lastBreak !== undefined) this.ctx.logger?.info(`Event stream of ${this.engine.name} is back.`);
        this.lastBreak = undefined;
        this.stats.connects++;
        this.gap = true;
        this.schedule();
      },
      onDisconnected: (reason) => {
        this.stats.disconnects++;
        // An engine that stays unreachable fails every reconnect (up to every 30 s, for as long as the view
        // is open): the log says so once, and again only when the reason changes.
        const repeated = this.lastBreak === reason;
        this.lastBreak = reason;
        if (repeated) this.ctx.logger?.debug(`Event stream of ${this.engine.name} still down (${reason}); reconnecting.`);
        else this.ctx.logger?.info(`Event stream of ${this.engine.name} broke (${reason}); reconnecting.`);
      },
    }, this.opts);
    return this;
  }

  /** Resolves once everything received so far has been applied. */
  async settled(): Promise<void> {
    while (this.timer || this.names.size || this.full || this.gap) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.applying = this.applying.then(() => this.apply());
      }
      await this.applying;
    }
    await this.applying;
  }

  close(): void {
    this.closed = true;
    this.stream?.close();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private onEvent(e: EngineEvent): void {
    this.stats.events++;
    this.stats.lastEventAt = Date.now();
    if (e.kind === 'container') this.names.add(e.name);
    else this.full = true;
    this.schedule();
  }

  private schedule(): void {
    const now = Date.now();
    if (!this.timer) this.firstPendingAt = now;
    else clearTimeout(this.timer);
    const busy = this.appliedAt.filter((t) => now - t < BUSY_WINDOW_MS).length >= 2;
    const wait = Math.max(0, Math.min(this.opts.quietMs ?? (busy ? BUSY_QUIET_MS : QUIET_MS), this.firstPendingAt + (this.opts.maxWaitMs ?? 500) - now));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.applying = this.applying.then(() => this.apply());
    }, wait);
  }

  private async apply(): Promise<void> {
    if (this.closed || (!this.full && !this.gap && this.names.size === 0)) return;
    const full = this.full || this.gap;
    const names = full ? [] : [...this.names];
    if (this.gap) this.stats.gapSyncs++;
    else if (this.full) this.stats.objectSyncs++;
    this.full = false;
    this.gap = false;
    this.names.clear();
    this.stats.bursts++;
    this.appliedAt = [...this.appliedAt.slice(-1), Date.now()];
    let wrote = false;
    try {
      if (full) {
        // The record as it is now: a sync that changes nothing still writes to clear a recorded error.
        const e = (await readEngineById(this.catalog, this.engine.id)) ?? this.engine;
        const r = await syncEngine(this.catalog, e, this.ctx);
        wrote = r.written.instances + r.written.removed + r.written.sections.length > 0 || !!e.lastError;
      } else {
        const conn = await openEngine(this.engine, this.ctx);
        try {
          const onReread = this.opts.onReread;
          const onRead = onReread && ((states: RereadStates) => onReread({ engineId: this.engine.id, names, states }));
          wrote = (await refreshInstances(this.catalog, this.engine.id, conn, names, onRead)) > 0;
        } finally {
          conn.close();
        }
      }
    } catch (err) {
      // The engine went away mid-burst: its stream breaks too, and the reconnection syncs in full.
      this.stats.errors++;
      this.ctx.logger?.info(`Applying events of ${this.engine.name} failed: ${(err as Error).message}`);
    }
    if (wrote) this.stats.writes++;
    this.opts.onApplied?.({ engineId: this.engine.id, names, full, wrote });
  }
}
