import { readFileSync } from 'node:fs';
import type { SqlJsStatic } from 'sql.js';
import { atomicWrite } from './atomicWrite';

/**
 * Writes `bytes` (the catalog as read from disk) to `dest` and proves the copy before anything relies
 * on it: read back from disk, byte-identical, and `PRAGMA integrity_check` ok on a database of its own
 * (never the connection being migrated). Throws, leaving the catalog untouched, if any step fails.
 */
export async function writeVerifiedBackup(SQL: SqlJsStatic, dest: string, bytes: Uint8Array): Promise<void> {
  await atomicWrite(dest, bytes);
  const copy = readFileSync(dest);
  if (!copy.equals(bytes)) throw new Error(`${dest} does not read back as written`);
  const db = new SQL.Database(new Uint8Array(copy));
  try {
    const verdict = String(db.exec('PRAGMA integrity_check')[0]?.values[0]?.[0] ?? '');
    if (verdict !== 'ok') throw new Error(`integrity check of ${dest}: ${verdict}`);
  } finally {
    db.close();
  }
}
