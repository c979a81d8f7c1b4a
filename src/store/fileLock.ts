import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { CatalogLockTimeoutError } from './catalogErrors';

interface LockHolder {
  pid: number;
  host: string;
  at: string;
}

let counter = 0;

/**
 * Cross-process exclusive lock: `<catalog>.lock` holding `{pid, host, at}`. Created complete via
 * link() of a temp file, which fails atomically when the lock exists (no half-written lock file).
 * A lock whose holder process is gone on this host is stale and is broken, under a second short
 * lock so that two waiters never both break it and remove each other's fresh lock.
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
      if (isStale(this.file, holder)) {
        breakStale(this.file, holder);
        continue;
      }
      if (Date.now() > deadline) {
        throw new CatalogLockTimeoutError(this.file, holder ? `process ${holder.pid} on ${holder.host}` : 'another process');
      }
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 25);
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

function tryCreate(file: string): boolean {
  const tmp = `${file}.${process.pid}.${++counter}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() } satisfies LockHolder));
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

function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(file: string, holder: LockHolder | undefined): boolean {
  if (holder) return holder.host === hostname() && !pidAlive(holder.pid);
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
    if (b && b.host === hostname() && !pidAlive(b.pid)) {
      try { unlinkSync(breaker); } catch { /* someone else cleaned it */ }
    }
    return; // another process is breaking it; retry
  }
  try {
    const now = readHolder(file);
    const same = now === undefined ? seen === undefined : seen !== undefined && now.pid === seen.pid && now.at === seen.at;
    if (same) {
      try { unlinkSync(file); } catch { /* gone */ }
    }
  } finally {
    try { unlinkSync(breaker); } catch { /* gone */ }
  }
}
