import 'reflect-metadata';
import { mkdirSync, readFileSync, realpathSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Logger } from '../shared/logger';
import { stderrLogger } from '../shared/logger';
import { atomicWrite } from './atomicWrite';
import { builtinOneTimeSteps } from './builtinOneTimeSteps';
import { CatalogForeignFileError, CatalogReadOnlyError, CatalogTooNewError, explainFsError, LockNotCreatableError } from './catalogErrors';
import type { CatalogMigrationClass } from './catalogMigrations';
import { catalogMigrations } from './catalogMigrations';
import { CatalogStore, identityOf, sameIdentity } from './CatalogStore';
import { type FileBytes, readFileBytes } from './fileBytes';
import { digestOf, matchesCheckedMark, writeCheckedMark } from './checkedMark';
import { createCatalogDataSource } from './createCatalogDataSource';
import { FileLock } from './fileLock';
import { loadSqlJs } from './loadSqlJs';
import type { OneTimeStep } from './oneTimeStep';
import { foreignTables, unknownTables } from './recognizeCatalog';
import { findPreUpgradeCopy, oldCopyOf } from './preUpgradeCopy';
import { removeLeftoverTempFiles } from './removeLeftoverTempFiles';
import { runOneTimeSteps } from './runOneTimeSteps';
import { sqliteFileProblem } from './sqliteFileProblem';
import { writeVerifiedBackup } from './verifiedBackup';
import { readOnlyReason } from './writeAccess';

export interface OpenCatalogOptions {
  /** Path of catalog.db; its folder is created if missing. */
  readonly file: string;
  /** sql-wasm.wasm to load (the extension passes dist/sql-wasm.wasm); default: next to the bundle, else node_modules. */
  readonly wasmPath?: string;
  readonly log?: Logger;
  /** Watch the file and reload when another process saves it (default true). */
  readonly watch?: boolean;
  /** How long a write waits for another process's lock (default 30 s). */
  readonly lockTimeoutMs?: number;
  /** Close the database after this long without a read or write, reopening it on the next (default 0: never). */
  readonly idleCloseMs?: number;
  /**
   * The file's bytes, read already (readFileBytes, started before this module loaded): used when the file
   * is still that very file once the lock is held; otherwise, or when that read failed, it is read again.
   */
  readonly prefetched?: Promise<FileBytes | undefined>;
  /** Tests only: replaces the migration list (e.g. to inject a failing one). */
  readonly migrations?: readonly CatalogMigrationClass[];
  /** Tests only: replaces the seeds/patches run at open. */
  readonly oneTimeSteps?: readonly OneTimeStep[];
}

/**
 * Opens (creating if needed) the catalog file:
 * 1. a corrupt or non-SQLite file is moved to `catalog.db.corrupt-<timestamp>` and a fresh catalog starts;
 *    an empty (0-byte) or missing file is a new catalog;
 * 2. another program's SQLite database (tables, but not a catalog's) is refused untouched (CatalogForeignFileError);
 * 3. a file from a newer build (user_version above this build's) is refused untouched (CatalogTooNewError);
 * 4. pending migrations run after a verified copy of the bytes read from disk to `catalog.db.old` (LXD's
 *    name; revertCatalog goes back to it);
 *    if one fails, the file (never written until the end) stays as it was and the catalog stays open
 *    at its old version with `migrationError` set;
 * 5. pending seeds/patches run, each once;
 * 6. the result is saved atomically if anything changed.
 * All of it under the cross-process lock, so two windows never migrate the same file at once. When the
 * lock cannot be created (read-only folder) or the file is read-only, the catalog opens for reading
 * only: nothing is migrated, seeded or saved, and writes are refused with CatalogReadOnlyError.
 */
export async function openCatalog(options: OpenCatalogOptions): Promise<CatalogStore> {
  const file = resolve(options.file);
  const log = options.log ?? stderrLogger;
  const SQL = await loadSqlJs(options.wasmPath);
  const lock = new FileLock(`${file}.lock`, options.lockTimeoutMs);
  let readOnly: string | undefined;
  let ds: DataSource | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    await lock.acquire();
  } catch (e) {
    if (!(e instanceof LockNotCreatableError)) throw openError(file, e);
    readOnly = e.message;
  }
  try {
    const migrations = options.migrations ?? catalogMigrations;
    const latest = migrations.length ? migrations[migrations.length - 1].schemaVersion : 0;
    if (!readOnly) {
      removeLeftoverTempFiles(file, log);
      const real = realPath(file);
      if (real !== file) removeLeftoverTempFiles(real, log);
    }
    readOnly ??= readOnlyReason(file);
    const notices: string[] = [];
    // The file's bytes as on disk, handed to sql.js as its database file: a Node Buffer is not copied, so
    // sql.js writes into these very bytes. Two 20 MB copies (ours, then sql.js's of a Uint8Array) were a
    // measurable part of a view's first paint; the untouched bytes are needed only before a migration (the
    // backup, the reopen after a failure), and are read again from the file there (under the lock, the file
    // is written only at the end).
    let disk = await bytesOnDisk(file, options.prefetched);
    let version = 0;
    // Decided before sql.js gets the bytes (it writes into them): a file that is byte for byte the one this
    // program last saved or checked skips the check over every page (checkedMark.ts).
    // One digest serves both: whether the mark names these bytes, and the mark a passed check writes.
    const digest = disk ? digestOf(disk) : undefined;
    const known = !!disk && !!digest && matchesCheckedMark(file, disk.length, digest);
    const checked = !!disk && !known;
    let passed: { size: number; digest: string } | undefined;
    // Checked on the DataSource's own connection: a second copy of a 20 MB file would stay in the
    // wasm heap (it never shrinks) for the life of the window.
    if (disk) {
      let problem = sqliteFileProblem(disk);
      if (!problem) {
        try {
          await yieldToEventLoop();
          ds = await createCatalogDataSource(SQL, disk, migrations, log);
          await yieldToEventLoop();
          if (!known) {
            const check = (await ds.query('PRAGMA quick_check')) as Array<Record<string, unknown>>;
            const verdict = String(Object.values(check[0] ?? {})[0] ?? '');
            if (verdict !== 'ok') problem = `integrity check: ${verdict}`;
            else if (digest) passed = { size: disk.length, digest };
          }
          if (!problem) version = await userVersion(ds);
        } catch (e) {
          problem = e instanceof Error ? e.message : String(e);
        }
      }
      if (problem) {
        if (ds?.isInitialized) await ds.destroy();
        ds = undefined;
        if (readOnly) throw new Error(`The catalog ${file} is not a readable SQLite database (${problem}), and it cannot be set aside: ${readOnly}.`);
        const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        renameSync(file, aside);
        const msg = `The catalog file was not a readable SQLite database (${problem}). It was moved to ${aside} and a new, empty catalog was started.`;
        log.error(msg);
        notices.push(msg);
        disk = undefined;
      }
    }
    if (ds) {
      const foreign = await foreignTables(ds);
      if (foreign) throw new CatalogForeignFileError(file, foreign);
    }
    if (version > latest) throw new CatalogTooNewError(file, version, latest, findPreUpgradeCopy(file));
    if (!ds && readOnly) throw new Error(`Cannot create the catalog ${file}: ${readOnly}.`);
    ds ??= await createCatalogDataSource(SQL, undefined, migrations, log);
    let changed = !disk;
    let migrationError: Error | undefined;
    if (await ds.showMigrations()) {
      if (readOnly) throw new CatalogReadOnlyError(file, `it needs an upgrade from schema version ${version} to ${latest}, and ${readOnly}`);
      if (disk) {
        const unknown = await unknownTables(SQL, ds, version, migrations, log);
        if (unknown) throw new CatalogForeignFileError(file, unknown);
        const old = oldCopyOf(file);
        try {
          await writeVerifiedBackup(SQL, old, readAgain(file));
        } catch (e) {
          throw new Error(`The catalog ${file} was not upgraded from schema version ${version} to ${latest}: ` +
            `backing it up to ${old} first failed (${e instanceof Error ? e.message : String(e)}). The catalog was left untouched.`);
        }
        log.info(`catalog backed up to ${old} before migrating from schema version ${version} to ${latest}`);
      }
      try {
        await ds.runMigrations({ transaction: 'all' });
        changed = true;
      } catch (e) {
        migrationError = e instanceof Error ? e : new Error(String(e));
        await ds.destroy();
        if (!disk) throw new Error(`Cannot create the catalog ${file}: ${migrationError.message}`);
        // Nothing was written to the file (the save comes last); reopen the bytes it holds.
        ds = await createCatalogDataSource(SQL, readAgain(file), migrations, log);
        const msg = `Upgrading the catalog from schema version ${version} to ${latest} failed: ${migrationError.message}. ` +
          `The file was left as it was (a verified copy is in ${oldCopyOf(file)}) and stays usable at version ${version}.`;
        log.error(msg);
        notices.push(msg);
      }
    }
    if (!migrationError && !readOnly) {
      const open = ds;
      const ran = await runOneTimeSteps((fn) => open.transaction(fn), options.oneTimeSteps ?? builtinOneTimeSteps);
      if (ran.length) {
        log.info(`catalog: applied ${ran.join(', ')}`);
        changed = true;
      }
    }
    const schemaVersion = await userVersion(ds);
    if (changed) {
      const bytes = (ds.driver as unknown as { export(): Uint8Array }).export();
      await atomicWrite(file, bytes);
      writeCheckedMark(file, bytes.length, digestOf(bytes));
    } else if (passed && !readOnly) {
      // Only now: a file refused above (another program's, a newer build's) gets no mark next to it.
      writeCheckedMark(file, passed.size, passed.digest);
    }
    if (readOnly) log.info(`catalog ${file} opened read-only: ${readOnly}`);
    const store = new CatalogStore(ds, file, lock, log, { schemaVersion, notices, migrationError, checkedAtOpen: checked, known: identityOf(file), idleCloseMs: options.idleCloseMs, wasmPath: options.wasmPath });
    lock.release();
    if (options.watch !== false) store.startWatching();
    return store;
  } catch (e) {
    if (ds?.isInitialized) await ds.destroy();
    lock.release();
    throw openError(file, e);
  }
}

/**
 * Lets the host's waiting messages run between the open's long synchronous steps (reading and hashing the file,
 * TypeORM's metadata): in the extension host a view drawn from its kept copy (src/store/keptView.ts) answers
 * VS Code's next request in between instead of after the whole open. Costs one turn of the event loop.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The file's bytes as on disk now, under the lock: those read in advance when the file is still that very
 * file (same inode, size and mtime: a save replaces the file), else read now. Read on the thread pool
 * (fileBytes.ts); undefined for a missing or empty file.
 */
async function bytesOnDisk(file: string, prefetched: Promise<FileBytes | undefined> | undefined): Promise<Buffer | undefined> {
  const early = prefetched && (await prefetched.catch(() => undefined));
  const read = early && sameIdentity(early, identityOf(file)) ? early : await readFileBytes(file);
  return read?.bytes.length ? read.bytes : undefined;
}

/** The file's bytes; undefined when it is missing or empty (both are a new catalog). */
function readIfAny(file: string): Buffer | undefined {
  try {
    const bytes = readFileSync(file);
    return bytes.length ? bytes : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The file's bytes once more, where the first read went to sql.js, which has written into them since. */
function readAgain(file: string): Buffer {
  const bytes = readIfAny(file);
  if (!bytes) throw new Error(`The catalog ${file} was emptied while it was being opened.`);
  return bytes;
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * A raw fs error names whatever path failed (a temp or lock file) or none at all (EISDIR on read):
 * it is reworded to name the catalog the user gave. Our own errors already do and pass through.
 */
function openError(file: string, e: unknown): unknown {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.code !== 'string' || !err.syscall) return e;
  return new Error(`Cannot open the catalog ${file}: ${explainFsError(err)}.`);
}

async function userVersion(ds: DataSource): Promise<number> {
  const [{ user_version: v }] = (await ds.query('PRAGMA user_version')) as Array<{ user_version: number }>;
  return v;
}
