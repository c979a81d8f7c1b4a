import 'reflect-metadata';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { SqlJsStatic } from 'sql.js';
import type { Logger } from '../shared/logger';
import { stderrLogger } from '../shared/logger';
import { atomicWrite } from './atomicWrite';
import { builtinOneTimeSteps } from './builtinOneTimeSteps';
import { catalogEntities } from './catalogEntities';
import { CatalogTooNewError } from './catalogErrors';
import type { CatalogMigrationClass } from './catalogMigrations';
import { catalogMigrations } from './catalogMigrations';
import { CatalogStore, identityOf } from './CatalogStore';
import { FileLock } from './fileLock';
import { loadSqlJs } from './loadSqlJs';
import type { OneTimeStep } from './oneTimeStep';
import { runOneTimeSteps } from './runOneTimeSteps';

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
  /** Tests only: replaces the migration list (e.g. to inject a failing one). */
  readonly migrations?: readonly CatalogMigrationClass[];
  /** Tests only: replaces the seeds/patches run at open. */
  readonly oneTimeSteps?: readonly OneTimeStep[];
}

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Opens (creating if needed) the catalog file:
 * 1. a corrupt or non-SQLite file is moved to `catalog.db.corrupt-<timestamp>` and a fresh catalog starts;
 * 2. a file from a newer build (user_version above this build's) is refused untouched (CatalogTooNewError);
 * 3. pending migrations run after a copy to `catalog.db.bak`; if one fails, the file is restored from it
 *    and the catalog stays open at its old version with `migrationError` set;
 * 4. pending seeds/patches run, each once;
 * 5. the result is saved atomically if anything changed.
 * All of it under the cross-process lock, so two windows never migrate the same file at once.
 */
export async function openCatalog(options: OpenCatalogOptions): Promise<CatalogStore> {
  const file = resolve(options.file);
  const log = options.log ?? stderrLogger;
  const migrations = options.migrations ?? catalogMigrations;
  const latest = migrations.length ? migrations[migrations.length - 1].schemaVersion : 0;
  const SQL = await loadSqlJs(options.wasmPath);
  mkdirSync(dirname(file), { recursive: true });

  const lock = new FileLock(`${file}.lock`, options.lockTimeoutMs);
  await lock.acquire();
  try {
    removeLeftoverTempFiles(file, log);
    const notices: string[] = [];
    let bytes: Uint8Array | undefined = existsSync(file) ? readFileSync(file) : undefined;
    if (bytes && bytes.length === 0) bytes = undefined; // an empty file is an empty database
    let version = 0;
    // Checked on the DataSource's own connection: a second copy of a 20 MB file would stay in the
    // wasm heap (it never shrinks) for the life of the window.
    let ds: DataSource | undefined;
    if (bytes) {
      let problem = headerProblem(bytes);
      if (!problem) {
        try {
          ds = await createDataSource(SQL, bytes, migrations, log);
          const check = (await ds.query('PRAGMA quick_check')) as Array<Record<string, unknown>>;
          const verdict = String(Object.values(check[0] ?? {})[0] ?? '');
          if (verdict !== 'ok') problem = `integrity check: ${verdict}`;
          else version = await userVersion(ds);
        } catch (e) {
          problem = e instanceof Error ? e.message : String(e);
        }
      }
      if (problem) {
        if (ds?.isInitialized) await ds.destroy();
        ds = undefined;
        const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        renameSync(file, aside);
        const msg = `The catalog file was not a readable SQLite database (${problem}). It was moved to ${aside} and a new, empty catalog was started.`;
        log.error(msg);
        notices.push(msg);
        bytes = undefined;
      }
    }
    if (version > latest) {
      await ds?.destroy();
      throw new CatalogTooNewError(file, version, latest);
    }
    ds ??= await createDataSource(SQL, undefined, migrations, log);
    let changed = !bytes;
    let migrationError: Error | undefined;
    if (await ds.showMigrations()) {
      if (bytes) {
        // The pre-upgrade copy the user (or we) can go back to.
        await atomicWrite(`${file}.bak`, bytes);
        log.info(`catalog backed up to ${file}.bak before migrating from schema version ${version} to ${latest}`);
      }
      try {
        await ds.runMigrations({ transaction: 'all' });
        changed = true;
      } catch (e) {
        migrationError = e instanceof Error ? e : new Error(String(e));
        await ds.destroy();
        if (!bytes) throw new Error(`Cannot create the catalog ${file}: ${migrationError.message}`);
        // Nothing was written yet, but make the restore explicit: the file is the backup's bytes.
        if (!readFileSync(file).equals(Buffer.from(bytes))) copyFileSync(`${file}.bak`, file);
        ds = await createDataSource(SQL, bytes, migrations, log);
        const msg = `Upgrading the catalog from schema version ${version} to ${latest} failed: ${migrationError.message}. ` +
          `The file was restored from ${file}.bak and stays usable at version ${version}.`;
        log.error(msg);
        notices.push(msg);
      }
    }
    if (!migrationError) {
      const ran = await runOneTimeSteps((fn) => ds.transaction(fn), options.oneTimeSteps ?? builtinOneTimeSteps);
      if (ran.length) {
        log.info(`catalog: applied ${ran.join(', ')}`);
        changed = true;
      }
    }
    const schemaVersion = await userVersion(ds);
    if (changed) {
      await atomicWrite(file, (ds.driver as unknown as { export(): Uint8Array }).export());
    }
    const store = new CatalogStore(ds, file, lock, log, {
      schemaVersion,
      notices,
      migrationError,
      known: identityOf(file),
    });
    lock.release();
    if (options.watch !== false) store.startWatching();
    return store;
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** Temp files of saves or locks whose process died mid-way (a crash or SIGKILL); never a live one's. */
function removeLeftoverTempFiles(file: string, log: Logger): void {
  const dir = dirname(file);
  const name = basename(file);
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^(?:\\.${esc}(?:\\.bak)?|${esc}\\.lock(?:\\.break)?)\\.(\\d+)\\.\\d+\\.tmp$`);
  for (const entry of readdirSync(dir)) {
    const m = pattern.exec(entry);
    if (!m || isAlive(Number(m[1]))) continue;
    try {
      rmSync(join(dir, entry), { force: true });
      log.debug(`removed ${entry}, left by a process that stopped mid-save`);
    } catch {
      // not ours to remove after all
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why `bytes` cannot be an SQLite database, judged from the header alone; undefined if it may be one. */
function headerProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length < 100 || Buffer.from(bytes.subarray(0, 16)).toString('latin1') !== SQLITE_HEADER) return 'no SQLite header';
  return undefined;
}

async function userVersion(ds: DataSource): Promise<number> {
  const [{ user_version: v }] = (await ds.query('PRAGMA user_version')) as Array<{ user_version: number }>;
  return v;
}

async function createDataSource(SQL: SqlJsStatic, bytes: Uint8Array | undefined, migrations: readonly CatalogMigrationClass[], log: Logger): Promise<DataSource> {
  const ds = new DataSource({
    type: 'sqljs',
    // The initialised module: TypeORM uses it as is instead of require('sql.js') (absent in the VSIX).
    driver: SQL,
    database: bytes,
    entities: [...catalogEntities],
    migrations: [...migrations],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    // TypeORM's own messages go to our log at debug level (by default it prints migration failures
    // to the console); failures that matter are reported by openCatalog itself.
    logger: {
      logQuery: () => undefined,
      logQueryError: (error: string | Error, query: string) => log.debug(`query failed: ${String(error)} — ${query}`),
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: (message: string) => log.debug(message),
      log: (_level: 'log' | 'info' | 'warn', message: unknown) => log.debug(String(message)),
    },
  });
  await ds.initialize();
  return ds;
}

