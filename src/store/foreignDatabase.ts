import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from 'sql.js';
import { loadSqlJs } from './loadSqlJs';
import { sqliteFileProblem } from './sqliteFileProblem';

/** Another program's SQLite file, opened for an import: never the file itself, a copy of its bytes. */
export interface ForeignDatabase {
  /** Absolute path of the source file. */
  readonly file: string;
  /** sha256 of the bytes read: what records the import, so one file's content is imported once. */
  readonly sha256: string;
  /** PRAGMA user_version. */
  readonly userVersion: number;
  /** Its tables, SQLite's own left out, sorted. */
  readonly tables: readonly string[];
  /** Rows of a query as plain objects. */
  rows(sql: string, params?: Array<string | number | null>): Array<Record<string, unknown>>;
  /** Column names of a table. */
  columns(table: string): string[];
  close(): void;
}

/** The file cannot be imported: not found, not SQLite, damaged, or not the program's database. */
export class ForeignDatabaseError extends Error {
  constructor(readonly file: string, why: string) {
    super(`${file} cannot be imported: ${why}. Nothing was changed.`);
    this.name = 'ForeignDatabaseError';
  }
}

/**
 * Reads `file` once and opens an in-memory copy of its bytes with sql.js. sql.js aliases a Node Buffer
 * and writes into it (docs/catalog-store.md), and the source may be in use by its own program, so the
 * file on disk is never opened by SQLite and never written. A damaged file is refused before any import.
 */
export async function openForeignDatabase(path: string, wasmPath?: string): Promise<ForeignDatabase> {
  const file = resolve(path);
  let bytes: Buffer;
  try {
    if (!statSync(file).isFile()) throw new ForeignDatabaseError(file, 'it is not a file');
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof ForeignDatabaseError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ForeignDatabaseError(file, code === 'ENOENT' ? 'there is no such file' : `it cannot be read (${code ?? String(e)})`);
  }
  const problem = sqliteFileProblem(bytes);
  if (problem) throw new ForeignDatabaseError(file, `it is not an SQLite database (${problem})`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const SQL = await loadSqlJs(wasmPath);
  let db: Database;
  try {
    db = new SQL.Database(new Uint8Array(bytes));
  } catch (e) {
    throw new ForeignDatabaseError(file, `it is not a readable SQLite database (${e instanceof Error ? e.message : String(e)})`);
  }
  const rows = (sql: string, params: Array<string | number | null> = []): Array<Record<string, unknown>> => {
    const stmt = db.prepare(sql, params);
    try {
      const out: Array<Record<string, unknown>> = [];
      while (stmt.step()) out.push(stmt.getAsObject());
      return out;
    } finally {
      stmt.free();
    }
  };
  try {
    const verdict = String(Object.values(rows('PRAGMA integrity_check')[0] ?? {})[0] ?? '');
    if (verdict !== 'ok') throw new Error(`integrity check: ${verdict}`);
    const userVersion = Number(rows('PRAGMA user_version')[0]?.user_version ?? 0);
    const tables = rows(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`).map((r) => String(r.name));
    return {
      file, sha256, userVersion, tables, rows,
      columns: (table) => rows(`SELECT name FROM pragma_table_info(?)`, [table]).map((r) => String(r.name)),
      close: () => db.close(),
    };
  } catch (e) {
    db.close();
    throw new ForeignDatabaseError(file, `it is not a readable SQLite database (${e instanceof Error ? e.message : String(e)})`);
  }
}
