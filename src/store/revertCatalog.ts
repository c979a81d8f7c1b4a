import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from 'sql.js';
import type { Logger } from '../shared/logger';
import { stderrLogger } from '../shared/logger';
import { atomicWrite } from './atomicWrite';
import { LockNotCreatableError } from './catalogErrors';
import { LATEST_SCHEMA_VERSION } from './catalogMigrations';
import { FileLock } from './fileLock';
import { loadSqlJs } from './loadSqlJs';
import { findPreUpgradeCopy, oldCopyOf } from './preUpgradeCopy';
import { sqliteFileProblem } from './sqliteFileProblem';

export interface RevertResult {
  /** The copy the catalog went back to (`catalog.db.old`, or an earlier build's `catalog.db.bak`). */
  readonly from: string;
  /** Its schema version, which the catalog now has. */
  readonly schemaVersion: number;
  /** Where the catalog as it was is kept: `catalog.db.reverted-<timestamp>`. */
  readonly setAside: string;
}

/** The revert was refused: nothing was changed. */
export class CatalogRevertError extends Error {
  constructor(readonly file: string, why: string) {
    super(`The catalog ${file} was not reverted: ${why}. Nothing was changed.`);
    this.name = 'CatalogRevertError';
  }
}

/** The copy a revert would go back to and its schema version, once proven usable; throws CatalogRevertError otherwise. */
export async function checkPreUpgradeCopy(path: string, wasmPath?: string): Promise<{ from: string; schemaVersion: number }> {
  const file = resolve(path);
  const from = findPreUpgradeCopy(file);
  if (!from) throw new CatalogRevertError(file, `there is no copy from before an upgrade (${oldCopyOf(file)})`);
  return { from, schemaVersion: await versionOfCopy(file, from, readFileSync(from), wasmPath) };
}

/**
 * Goes back to the copy kept before the last upgrade (LXD's `.old`, seed 002). The copy must open at its
 * own version: whole SQLite, integrity ok, a catalog's bookkeeping (`schema` and `migrations`) recording the
 * same version as its user_version, and a version this build knows. Under the catalog lock, the current
 * file is first copied to `catalog.db.reverted-<timestamp>` and then atomically replaced by the copy, so
 * the file is whole at every moment. Windows watching the file see the change; the caller reloads its own.
 * The copy stays where it is.
 */
export async function revertCatalog(path: string, options: { wasmPath?: string; log?: Logger; lockTimeoutMs?: number } = {}): Promise<RevertResult> {
  const file = resolve(path);
  const log = options.log ?? stderrLogger;
  const lock = new FileLock(`${file}.lock`, options.lockTimeoutMs);
  try {
    await lock.acquire();
  } catch (e) {
    if (e instanceof LockNotCreatableError) throw new CatalogRevertError(file, e.message);
    throw e;
  }
  try {
    const from = findPreUpgradeCopy(file);
    if (!from) throw new CatalogRevertError(file, `there is no copy from before an upgrade (${oldCopyOf(file)})`);
    const bytes = readFileSync(from);
    const schemaVersion = await versionOfCopy(file, from, bytes, options.wasmPath);
    let current: Buffer;
    try {
      current = readFileSync(file);
    } catch (e) {
      throw new CatalogRevertError(file, `the catalog itself cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const setAside = `${file}.reverted-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await atomicWrite(setAside, current);
    await atomicWrite(file, bytes);
    log.info(`catalog ${file} reverted to ${from} (schema version ${schemaVersion}); the catalog as it was is in ${setAside}`);
    return { from, schemaVersion, setAside };
  } finally {
    lock.release();
  }
}

/** The copy's schema version, once it is proven to open at that version; otherwise a CatalogRevertError. */
async function versionOfCopy(file: string, from: string, bytes: Buffer, wasmPath?: string): Promise<number> {
  const problem = sqliteFileProblem(bytes);
  if (problem) throw new CatalogRevertError(file, `${from} is not a readable SQLite database (${problem})`);
  const SQL = await loadSqlJs(wasmPath);
  let db: Database;
  try {
    db = new SQL.Database(new Uint8Array(bytes));
  } catch (e) {
    throw new CatalogRevertError(file, `${from} is not a readable SQLite database (${(e as Error).message})`);
  }
  try {
    const one = (sql: string): unknown => db.exec(sql)[0]?.values[0]?.[0];
    let verdict: string;
    let version: number;
    let tables: string[];
    try {
      verdict = String(one('PRAGMA integrity_check') ?? '');
      version = Number(one('PRAGMA user_version') ?? 0);
      tables = (db.exec(`SELECT name FROM sqlite_master WHERE type = 'table'`)[0]?.values ?? []).map((r) => String(r[0]));
    } catch (e) {
      throw new CatalogRevertError(file, `${from} is not a readable SQLite database (${(e as Error).message})`);
    }
    if (verdict !== 'ok') throw new CatalogRevertError(file, `${from} fails its integrity check (${verdict})`);
    if (!tables.includes('schema') || !tables.includes('migrations')) {
      throw new CatalogRevertError(file, `${from} is not a Container Catalog catalog (tables: ${tables.join(', ') || 'none'})`);
    }
    const recorded = Number(one('SELECT MAX(version) FROM schema') ?? 0);
    if (recorded !== version) {
      throw new CatalogRevertError(file, `${from} does not open at its own version (user_version ${version}, but its schema table records ${recorded})`);
    }
    if (version > LATEST_SCHEMA_VERSION) {
      throw new CatalogRevertError(file, `${from} has schema version ${version}, newer than this build knows (${LATEST_SCHEMA_VERSION})`);
    }
    return version;
  } finally {
    db.close();
  }
}
