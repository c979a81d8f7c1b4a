import { AsyncLocalStorage } from 'node:async_hooks';
import { closeSync, fstatSync, openSync, realpathSync, statSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../shared/logger';
import { atomicWrite } from './atomicWrite';
import type { Catalog, CatalogChange, WriteHint } from './catalog';
import { CatalogClosedError, CatalogReadOnlyError, CatalogRevertedError, CatalogSaveError, CatalogTooNewError, explainFsError, LockNotCreatableError } from './catalogErrors';
import { LATEST_SCHEMA_VERSION } from './catalogMigrations';
import { readFd } from './fileBytes';
import type { FileLock } from './fileLock';
import { forgetSqlJs, loadSqlJs } from './loadSqlJs';
import { findPreUpgradeCopy } from './preUpgradeCopy';
import { digestOf, writeCheckedMark } from './checkedMark';
import { replaceDamagedFile } from './replaceDamagedFile';
import { sqliteFileProblem } from './sqliteFileProblem';
import { readOnlyReason } from './writeAccess';

/** What identifies one version of the file: every atomic save creates a new inode. */
interface FileIdentity {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The slice of TypeORM's SqljsDriver the store drives directly. */
interface SqljsDriverLike {
  export(): Uint8Array;
  load(data: Uint8Array): Promise<unknown>;
  databaseConnection: { close(): void };
  /** The sql.js module load() makes databases with (TypeORM took it from the DataSource's options.driver). */
  sqlite: SqlJsStatic | undefined;
  options: { driver?: SqlJsStatic };
}

/** Stands in for the closed database while the catalog sleeps: it holds nothing of sql.js's module. */
const CLOSED_DATABASE = { close: (): void => undefined };

export interface CatalogStoreState {
  /** PRAGMA user_version of the open file. */
  readonly schemaVersion: number;
  /** Things the user should be told (file set aside, migration failed…), already logged. */
  readonly notices: readonly string[];
  /** Set when a migration failed and the catalog stays at its old version. */
  readonly migrationError?: Error;
  /** Whether the open ran `PRAGMA quick_check` (false: a new file, or the bytes this program last wrote or checked). */
  readonly checkedAtOpen?: boolean;
  /** Identity of the file as read at open (undefined: no file yet). */
  readonly known?: FileIdentity;
  /** See CatalogStore.setIdleClose (default 0: never). */
  readonly idleCloseMs?: number;
  /** Where sql.js's wasm is (openCatalog's option), for the reopen after an idle close. */
  readonly wasmPath?: string;
}

/**
 * The catalog: one sql.js database behind one FIFO queue, saved atomically, shared between processes
 * through a lock file. Created by openCatalog().
 *
 * - read(): runs alone on the connection (after reloading the file if another process replaced it).
 * - write(): takes the cross-process lock, reloads if the file changed, runs one transaction, then
 *   waits for a save that covers it. Saves are queued behind the writes already waiting, so a burst
 *   of writes shares one export + atomic write; the lock is released once everything is on disk.
 */
export class CatalogStore implements Catalog {
  readonly schemaVersion: number;
  readonly notices: readonly string[];
  readonly migrationError?: Error;
  /** Whether openCatalog ran the full integrity check (tests and the benchmark read it). */
  readonly checkedAtOpen: boolean;
  /** How many times the file was written since open (benchmarks and tests read it). */
  saveCount = 0;

  private tail: Promise<unknown> = Promise.resolve();
  /** Tasks queued and not yet finished (the running one included). */
  private queued = 0;
  private readonly inTask = new AsyncLocalStorage<true>();
  private committedSeq = 0;
  private savedSeq = 0;
  private saveTask: Promise<void> | null = null;
  private readonly listeners = new Set<(e: CatalogChange) => void>();
  /** What the writes committed since the last save changed; undefined once one of them did not say. */
  private touchedSinceSave: Set<string> | undefined = new Set();
  private known: FileIdentity | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private refusal: Error | undefined;
  private watcher: FSWatcher | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  /** Close the database after this long without a task (0 = never); Wsl-Manager closes its own after 3 minutes. */
  private idleCloseMs = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** The sql.js database is closed to free its memory; the next task reopens it from the file. */
  private asleep = false;
  /** How many times the database was closed for idleness (tests and the benchmark read it). */
  idleCloseCount = 0;
  private readonly wasmPath: string | undefined;

  constructor(
    private readonly ds: DataSource,
    readonly file: string,
    private readonly lock: FileLock,
    private readonly log: Logger,
    state: CatalogStoreState,
  ) {
    this.schemaVersion = state.schemaVersion;
    this.notices = state.notices;
    this.migrationError = state.migrationError;
    this.checkedAtOpen = state.checkedAtOpen ?? false;
    this.known = state.known;
    this.wasmPath = state.wasmPath;
    this.setIdleClose(state.idleCloseMs ?? 0);
  }

  /** Writes committed so far in this process (tests and the benchmark read it to wait for a quiet catalog). */
  get writes(): number {
    return this.committedSeq;
  }

  /** True while the database is closed for idleness (it reopens on the next read or write). */
  get dormant(): boolean {
    return this.asleep;
  }

  /**
   * Closes the sql.js database after `ms` without a read or write (0 = never). Only a catalog with
   * everything saved and the lock released is closed, so nothing can be lost; the next read or write
   * reopens it from the file first, and a write that comes meanwhile simply waits for that.
   */
  setIdleClose(ms: number): void {
    this.idleCloseMs = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.armIdleClose();
  }

  read<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new CatalogClosedError(this.file));
    return this.enqueue(async () => {
      // With the file watch running, another process's save arrives as a reload (and an external
      // change event) within a few ms, so reads skip the stat; writes always check (below).
      if (!this.watcher) await this.reloadIfChanged();
      return fn(this.ds.manager);
    });
  }

  async write<T>(fn: (em: EntityManager) => Promise<T>, hint?: WriteHint): Promise<T> {
    if (this.closing) throw new CatalogClosedError(this.file);
    const { value, seq } = await this.enqueue(async () => {
      if (this.refusal) throw this.refusal;
      // Refused before the transaction, so memory never holds a change the file cannot take.
      const readOnly = readOnlyReason(this.file);
      if (readOnly) throw new CatalogReadOnlyError(this.file, readOnly);
      try {
        await this.lock.acquire();
      } catch (e) {
        if (e instanceof LockNotCreatableError) throw new CatalogReadOnlyError(this.file, e.message);
        // A raw fs error names the lock's temp file; the user knows the catalog (e.g. its folder was deleted).
        const err = e as NodeJS.ErrnoException;
        throw err.syscall && err.code ? new CatalogSaveError(this.file, err, true) : e;
      }
      try {
        await this.reloadIfChanged();
        if (this.refusal) throw this.refusal;
        const value = await this.ds.transaction((em) => fn(em));
        const seq = ++this.committedSeq;
        if (hint && this.touchedSinceSave) for (const k of hint.touched) this.touchedSinceSave.add(k);
        else this.touchedSinceSave = undefined;
        // Nothing waiting behind this write: save now, in this task, instead of queueing a save
        // (saves one queue round trip). With writes waiting, the queued save covers them all.
        if (this.queued === 1) await this.saveNow();
        return { value, seq };
      } catch (e) {
        if (this.savedSeq === this.committedSeq) this.lock.release();
        throw e;
      }
    });
    await this.waitDurable(seq);
    return value;
  }

  onDidChange(listener: (e: CatalogChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async flush(): Promise<void> {
    await this.waitDurable(this.committedSeq);
  }

  /** Lets queued work finish, saves it, then releases the file. Later calls are refused. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    try {
      // Writes queued before close() still run and get saved.
      let tail: Promise<unknown>;
      do {
        tail = this.tail;
        await tail.catch(() => undefined);
        await this.waitDurable(this.committedSeq);
      } while (tail !== this.tail || this.savedSeq < this.committedSeq);
    } finally {
      this.closed = true;
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.watcher?.close();
      if (this.watchTimer) clearTimeout(this.watchTimer);
      this.lock.release();
      if (this.ds.isInitialized) await this.ds.destroy();
    }
  }

  /**
   * Watches the folder (an atomic save replaces the inode, so a watch on the file itself would go
   * deaf after the first save) and reloads when another process saved; fires onDidChange({external}).
   */
  startWatching(): void {
    if (this.watcher || this.closed) return;
    // Saves go to a symlink's target (atomicWrite), so that is the folder whose entries change.
    const real = realPathOf(this.file);
    const name = basename(real);
    try {
      this.watcher = watch(dirname(real), { persistent: false }, (_event, changed) => {
        if (changed !== null && changed !== name) return;
        if (this.watchTimer) clearTimeout(this.watchTimer);
        this.watchTimer = setTimeout(() => {
          this.watchTimer = undefined;
          if (this.closing) return;
          this.enqueue(() => this.reloadIfChanged()).catch((e: unknown) => this.log.warn(`catalog reload failed: ${String(e)}`));
        }, 25);
        this.watchTimer.unref();
      });
      this.watcher.on('error', (e) => this.log.warn(`catalog file watch stopped: ${e.message}`));
    } catch (e) {
      this.log.warn(`cannot watch ${this.file} for changes by other windows: ${String(e)}`);
    }
  }

  /** Runs tasks one at a time, in call order. Re-entrant calls would deadlock, so they throw. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new CatalogClosedError(this.file));
    if (this.inTask.getStore()) {
      return Promise.reject(new Error('Catalog.read/write was called from inside a read/write callback; use the EntityManager passed to the callback instead.'));
    }
    this.queued++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const run = this.tail.then(() => this.inTask.run(true, async () => {
      if (this.asleep) await this.wake();
      return task();
    })).finally(() => {
      this.queued--;
      this.armIdleClose();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Starts the idle countdown when nothing is queued (every task end restarts it). */
  private armIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.idleCloseMs || this.asleep || this.closing || this.closed || this.queued > 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.queued > 0 || this.asleep || this.closing) return;
      // In the queue, so no task runs on a half-closed database.
      this.enqueueSleep().catch((e: unknown) => this.log.warn(`catalog idle close failed: ${String(e)}`));
    }, this.idleCloseMs);
    this.idleTimer.unref();
  }

  private enqueueSleep(): Promise<void> {
    this.queued++;
    const run = this.tail.then(() => this.inTask.run(true, async () => {
      // Only with nothing waiting, everything saved and the lock released: the file then holds every write.
      if (this.asleep || this.queued > 1 || this.closing || this.savedSeq < this.committedSeq || this.lock.isHeld) return;
      const driver = this.ds.driver as unknown as SqljsDriverLike;
      driver.databaseConnection.close();
      // A WebAssembly memory never shrinks: sql.js's heap is freed only when its module is collected, so
      // nothing here may keep it (the database object is of the module's own class). wake() loads a new one.
      driver.databaseConnection = CLOSED_DATABASE;
      driver.sqlite = undefined;
      driver.options.driver = undefined;
      forgetSqlJs();
      this.asleep = true;
      this.idleCloseCount++;
      this.log.debug(`catalog closed after ${this.idleCloseMs} ms without use (${this.file}); it reopens on the next use`);
    })).finally(() => {
      this.queued--;
      this.armIdleClose();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Reopens the database closed for idleness from the file; another process's changes meanwhile fire onDidChange. */
  private async wake(): Promise<void> {
    const driver = this.ds.driver as unknown as SqljsDriverLike;
    const sqlJs = await loadSqlJs(this.wasmPath);
    driver.sqlite = sqlJs;
    driver.options.driver = sqlJs;
    await this.reloadIfChanged(true);
    this.asleep = false;
    this.log.debug(`catalog reopened after an idle close (${this.file})`);
  }

  /** Resolves once a save that includes commit number `seq` is on disk; starts one if needed. */
  private async waitDurable(seq: number): Promise<void> {
    while (this.savedSeq < seq) {
      if (!this.saveTask) {
        // Queued behind every task already waiting, so those writes are covered by this one save.
        this.saveTask = this.enqueue(() => this.saveNow()).finally(() => {
          this.saveTask = null;
        });
      }
      await this.saveTask;
    }
  }

  private async saveNow(): Promise<void> {
    const seq = this.committedSeq;
    if (this.savedSeq >= seq) return;
    const bytes = (this.ds.driver as unknown as SqljsDriverLike).export();
    // What the writes this save covers changed. If the save fails, the next event cannot say what it covers.
    const touched = this.touchedSinceSave;
    this.touchedSinceSave = new Set();
    try {
      await atomicWrite(this.file, bytes);
    } catch (e) {
      this.touchedSinceSave = undefined;
      throw e;
    }
    this.known = identityOf(this.file);
    // The next open skips the full check of exactly these bytes (checkedMark.ts).
    writeCheckedMark(this.file, bytes.length, digestOf(bytes));
    this.savedSeq = seq;
    this.saveCount++;
    if (this.savedSeq === this.committedSeq) this.lock.release();
    this.emit(touched ? { external: false, touched: [...touched] } : { external: false });
  }

  /** Replaces the in-memory database with the file when another process replaced the file. */
  /**
   * `reopen`: after an idle close there is no copy in memory, so the file is loaded whatever its identity,
   * and a file that cannot be loaded is an error (nothing to fall back on) instead of being overwritten.
   */
  private async reloadIfChanged(reopen = false): Promise<boolean> {
    if (!reopen && this.savedSeq < this.committedSeq) return false; // never drop our own unsaved commits
    // One stat per access in the common case; the file is opened only when it really changed.
    if (!reopen && sameIdentity(identityOf(this.file), this.known)) return false;
    let bytes: Uint8Array;
    let id: FileIdentity;
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch (e) {
      if (reopen) throw new Error(`The catalog ${this.file} cannot be reopened after an idle close: ${explainFsError(e as NodeJS.ErrnoException)}.`);
      return false; // deleted by hand: keep what we have; the next save recreates it
    }
    try {
      const st = fstatSync(fd);
      id = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
      if (!reopen && sameIdentity(id, this.known)) return false;
      bytes = await readFd(fd, st.size);
    } finally {
      closeSync(fd);
    }
    // An atomic save never leaves a short or empty file: this one was damaged by another program.
    const problem = sqliteFileProblem(bytes);
    if (problem && reopen) throw new Error(`The catalog ${this.file} cannot be reopened after an idle close: it was damaged by another program (${problem}).`);
    if (problem) {
      await this.keepOursOver(problem, id);
      return false;
    }
    const driver = this.ds.driver as unknown as SqljsDriverLike;
    const old = driver.databaseConnection;
    await driver.load(bytes);
    let version: number;
    try {
      [{ user_version: version }] = (await this.ds.query('PRAGMA user_version')) as Array<{ user_version: number }>;
    } catch (e) {
      // Not a database after all ("file is not a database"): back to the copy we had.
      driver.databaseConnection.close();
      driver.databaseConnection = old;
      if (reopen) throw new Error(`The catalog ${this.file} cannot be reopened after an idle close: ${e instanceof Error ? e.message : String(e)}.`);
      await this.keepOursOver(e instanceof Error ? e.message : String(e), id);
      return false;
    }
    old.close();
    const changed = !sameIdentity(id, this.known);
    this.known = id;
    if (version > LATEST_SCHEMA_VERSION) {
      // A newer build upgraded the file under us: keep reading what we can, write nothing.
      this.refusal = new CatalogTooNewError(this.file, version, LATEST_SCHEMA_VERSION, findPreUpgradeCopy(this.file));
      this.log.error(this.refusal.message);
    } else if (version < this.schemaVersion) {
      // Reverted to the copy from before an upgrade (revertCatalog): this build's queries expect the newer
      // schema, so writes wait for a reload of the window, which opens (and upgrades) the file again.
      this.refusal = new CatalogRevertedError(this.file, version, this.schemaVersion);
      this.log.error(this.refusal.message);
    }
    if (!changed) return false; // reopened after an idle close, and nobody changed the file meanwhile
    this.log.debug(`catalog reloaded after a change by another process (${this.file})`);
    this.emit({ external: true });
    return true;
  }

  /**
   * Another program left a damaged file (truncated to 0 bytes, cut short, not SQLite) in place of the
   * catalog. Our in-memory copy is the last good one: keep it, set the damaged file aside (unless it is
   * empty) and write ours back, under the lock. If that fails, keep serving ours and say so.
   */
  private async keepOursOver(problem: string, seen: FileIdentity): Promise<void> {
    const held = this.lock.isHeld;
    try {
      if (!held) await this.lock.acquire();
      try {
        // Under the lock: the file may have been replaced by a good save meanwhile.
        const now = identityOf(this.file);
        if (!sameIdentity(now, seen)) return;
        const aside = await replaceDamagedFile(this.file, seen.size, (this.ds.driver as unknown as SqljsDriverLike).export());
        this.known = identityOf(this.file);
        this.log.error(`The catalog file ${this.file} was damaged by another program (${problem}). ` +
          `The last good copy, held in memory, was written back${aside ? `; the damaged file was moved to ${aside}` : ''}.`);
      } finally {
        if (!held) this.lock.release();
      }
    } catch (e) {
      this.known = seen; // do not retry on every access; the next change of the file is looked at again
      this.log.error(`The catalog file ${this.file} was damaged by another program (${problem}); the last good copy ` +
        `stays in memory but could not be written back: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Listeners run outside the queue's async context: emit happens inside a task, and a listener that
   * reads the catalog (even later, from a promise it starts) would otherwise be refused as re-entrant.
   */
  private emit(e: CatalogChange): void {
    this.inTask.exit(() => {
      for (const l of [...this.listeners]) {
        try {
          l(e);
        } catch (err) {
          this.log.error(`catalog change listener failed: ${String(err)}`);
        }
      }
    });
  }
}

export function identityOf(file: string): FileIdentity | undefined {
  try {
    const st = statSync(file);
    return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

function realPathOf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Whether both name the same version of the file (a save replaces the file: a new inode). */
export function sameIdentity(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return !!a && !!b && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
