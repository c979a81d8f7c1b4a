import { closeSync, linkSync, lstatSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { CatalogLockStuckError, CatalogLockTimeoutError, explainFsError, LockNotCreatableError } from './catalogErrors';
import { bootId, pidAlive, processStartedAtMs, processStartTicks } from './processIdentity';

/** The lock file's content. `start` and `boot` are absent in locks written before they were added. */
interface LockHolder {
  pid: number;
  host: string;
  at: string;
  /** Holder's start time in clock ticks since boot (Linux), so a reused PID is not taken for the holder. */
  start?: string;
  /** Holder's boot id (Linux): a lock from before a reboot is stale whatever its PID is now. */
  boot?: string;
}

/** Clock slack when judging an old-format lock by its `at` time against the PID's start time. */
const OLD_FORMAT_SLACK_MS = 5_000;

let counter = 0;
/** This process's start ticks, read once (null: not on Linux). */
let ownStart: string | null | undefined;

/**
 * Cross-process exclusive lock: `<catalog>.lock` holding `{pid, host, at, start, boot}`. Created
 * complete via link() of a temp file, which fails atomically when the lock exists (no half-written
 * lock file). A lock whose holder is gone on this host (dead PID, PID reused by a process started
 * later, or an earlier boot) is stale and is broken, under a second short lock so that two waiters
 * never both break it and remove each other's fresh lock. Every turn of the wait sleeps and checks
 * the deadline; a lock that must go but cannot be removed is reported at once (CatalogLockStuckError).
 */
export class FileLock {
  private held = false;

  constructor(readonly file: string, private readonly timeoutMs = 30_000) {}

  get isHeld(): boolean {
    return this.held;
  }

  async acquire(): Promise<void> {
    if (this.held) return;
    const deadline = Date.now() + this.timeoutMs;
    let delay = 1;
    for (;;) {
      if (tryCreate(this.file)) {
        this.held = true;
        return;
      }
      const holder = readHolder(this.file);
      const stale = isStale(this.file, holder);
      if (stale) breakStale(this.file, holder);
      if (Date.now() > deadline) throw new CatalogLockTimeoutError(this.file, describe(holder));
      await new Promise((r) => setTimeout(r, stale ? 0 : delay + Math.random() * delay));
      if (!stale) delay = Math.min(delay * 2, 25);
    }
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    const holder = readHolder(this.file);
    // Only remove our own lock: if it was (wrongly) broken and re-taken, it is someone else's now.
    if (holder && holder.pid === process.pid && holder.host === hostname()) {
      try {
        unlinkSync(this.file);
      } catch {
        // already gone
      }
    }
  }
}

function describe(holder: LockHolder | undefined): string {
  if (!holder) return 'another process (the lock file names none)';
  const started = holder.host === hostname() ? processStartedAtMs(holder.pid) : undefined;
  return `process ${holder.pid} on ${holder.host}` +
    (started ? ` (running since ${new Date(started).toISOString()}, lock taken ${holder.at})` : ` (lock taken ${holder.at})`);
}

function tryCreate(file: string): boolean {
  const tmp = `${file}.${process.pid}.${++counter}.tmp`;
  let fd: number;
  try {
    fd = openSync(tmp, 'w', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new LockNotCreatableError(dirname(file), e as NodeJS.ErrnoException);
    throw e;
  }
  try {
    ownStart ??= processStartTicks(process.pid) ?? null;
    const start = ownStart ?? undefined;
    const boot = bootId();
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString(), ...(start && { start }), ...(boot && { boot }) } satisfies LockHolder));
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/** The holder named in the lock file; throws if the path is something our protocol never creates. */
function readHolder(file: string): LockHolder | undefined {
  try {
    if (!lstatSync(file).isFile()) throw new CatalogLockStuckError(file, 'is not a lock file (a directory or other special file is in its place)');
  } catch (e) {
    if (e instanceof CatalogLockStuckError) throw e;
    return undefined; // gone: the next tryCreate wins or sees the new holder
  }
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** The holder process is gone: dead, an earlier boot, or its PID now belongs to a later process. */
function holderGone(h: LockHolder): boolean {
  const boot = bootId();
  if (h.boot && boot && h.boot !== boot) return true;
  if (!pidAlive(h.pid)) return true;
  if (h.start) {
    const now = processStartTicks(h.pid);
    return now !== undefined && now !== h.start;
  }
  // Old-format lock: a process that started after the lock was taken cannot be its holder.
  const started = processStartedAtMs(h.pid);
  const at = Date.parse(h.at);
  return started !== undefined && Number.isFinite(at) && started > at + OLD_FORMAT_SLACK_MS;
}

function isStale(file: string, holder: LockHolder | undefined): boolean {
  if (holder) return holder.host === hostname() && holderGone(holder);
  // Unreadable lock content (not written by this protocol): stale once it is clearly old.
  try {
    return Date.now() - statSync(file).mtimeMs > 10_000;
  } catch {
    return false; // vanished: the next tryCreate will win or see the new holder
  }
}

function breakStale(file: string, seen: LockHolder | undefined): void {
  const breaker = `${file}.break`;
  if (!tryCreate(breaker)) {
    const b = readHolder(breaker);
    if (b && b.host === hostname() && holderGone(b)) removeStale(breaker, b);
    return; // another process is breaking it; retry
  }
  try {
    const now = readHolder(file);
    const same = now === undefined ? seen === undefined : seen !== undefined && now.pid === seen.pid && now.at === seen.at;
    if (same) removeStale(file, seen);
  } finally {
    try { unlinkSync(breaker); } catch { /* gone */ }
  }
}

/** Removes a stale lock; one that stays (another user's in a sticky-bit folder…) is an error, not a spin. */
function removeStale(file: string, holder: LockHolder | undefined): void {
  try {
    unlinkSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return;
    const who = holder ? `process ${holder.pid}, which is gone` : 'no process this host knows';
    throw new CatalogLockStuckError(file, `is stale (left by ${who}) but this process cannot remove it: ${explainFsError(err)}`);
  }
}
