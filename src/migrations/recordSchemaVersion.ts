import type { QueryRunner } from 'typeorm';

/**
 * Every schema migration ends with this: a row in LXD's `schema` table and `PRAGMA user_version`, so
 * other tools (sqlite3, LXD-minded readers) see the version without knowing TypeORM's bookkeeping.
 * Both are inside the migration's transaction, so a failed migration leaves neither behind.
 */
export async function recordSchemaVersion(qr: QueryRunner, version: number): Promise<void> {
  if (!Number.isInteger(version) || version < 1) throw new Error(`bad schema version ${version}`);
  await qr.query(`INSERT INTO "schema" ("version", "updated_at") VALUES (?, strftime('%Y-%m-%d %H:%M:%f', 'now'))`, [version]);
  // PRAGMA takes no bound parameters; `version` is checked to be an integer above.
  await qr.query(`PRAGMA user_version = ${version}`);
}
