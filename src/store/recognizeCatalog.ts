import type { DataSource } from 'typeorm';
import type { SqlJsStatic } from 'sql.js';
import type { Logger } from '../shared/logger';
import type { CatalogMigrationClass } from './catalogMigrations';
import { createCatalogDataSource } from './createCatalogDataSource';

/** Tables of the database open on `ds`, SQLite's own left out. */
export async function userTables(ds: DataSource): Promise<string[]> {
  const rows = (await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)) as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

/**
 * Undefined when the database open on `ds` may be a catalog; otherwise its tables, to name in the
 * refusal. Checked before TypeORM adds its `migrations` table: an empty database becomes a catalog,
 * but one with tables and without our `schema` and `migrations` tables is another program's
 * (Container Kit's local.db has `registry` and `seeds`, which our first migration would clash with).
 */
export async function foreignTables(ds: DataSource): Promise<string[] | undefined> {
  const tables = await userTables(ds);
  if (!tables.length || (tables.includes('schema') && tables.includes('migrations'))) return undefined;
  return tables;
}

/**
 * Before migrating a file at schema `version`: the tables it has that a catalog at that version has
 * not (made by running this build's migrations up to `version` on an empty database), or undefined.
 * A file with such tables is not ours to migrate, whatever its bookkeeping tables say.
 */
export async function unknownTables(SQL: SqlJsStatic, ds: DataSource, version: number, migrations: readonly CatalogMigrationClass[], log: Logger): Promise<string[] | undefined> {
  const scratch = await createCatalogDataSource(SQL, undefined, migrations.filter((m) => m.schemaVersion <= version), log);
  let expected: Set<string>;
  try {
    await scratch.runMigrations({ transaction: 'all' });
    expected = new Set(await userTables(scratch));
  } finally {
    await scratch.destroy();
  }
  const unknown = (await userTables(ds)).filter((t) => !expected.has(t));
  return unknown.length ? unknown : undefined;
}
