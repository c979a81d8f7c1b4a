import { readFileSync, statSync } from 'node:fs';
import { LATEST_SCHEMA_VERSION } from '../../store/catalogMigrations';
import { loadSqlJs } from '../../store/loadSqlJs';
import type { CliCommand } from '../cliCommand';
import { CliUsageError } from '../cliCommand';

export interface InfoResult {
  file: string;
  exists: boolean;
  sizeBytes: number;
  schemaVersion: number;
  /** The newest version this build knows; a file above it is refused by every other command. */
  supportedSchemaVersion: number;
  counts: Record<string, number>;
}

/**
 * Reads the file directly (a complete file is always on disk thanks to atomic saves), so `info`
 * never migrates, never takes the lock, and works on files from newer builds.
 */
export const infoCommand: CliCommand<InfoResult> = {
  name: 'info',
  summary: 'path, schema version, row counts per table, size (read-only; never migrates)',
  async run(ctx, args) {
    if (args.length) throw new CliUsageError(`info takes no arguments (got "${args.join(' ')}")`);
    let bytes: Buffer;
    try {
      bytes = readFileSync(ctx.catalogFile);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      return { file: ctx.catalogFile, exists: false, sizeBytes: 0, schemaVersion: 0, supportedSchemaVersion: LATEST_SCHEMA_VERSION, counts: {} };
    }
    const SQL = await loadSqlJs();
    const db = new SQL.Database(bytes);
    try {
      const schemaVersion = Number(db.exec('PRAGMA user_version')[0].values[0][0]);
      const tables = (db.exec(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)[0]?.values ?? [])
        .map((v) => String(v[0]));
      const counts: Record<string, number> = {};
      for (const t of tables) counts[t] = Number(db.exec(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`)[0].values[0][0]);
      return { file: ctx.catalogFile, exists: true, sizeBytes: statSync(ctx.catalogFile).size, schemaVersion, supportedSchemaVersion: LATEST_SCHEMA_VERSION, counts };
    } catch (e) {
      throw new Error(`${ctx.catalogFile} is not a readable catalog: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      db.close();
    }
  },
  text(r) {
    if (!r.exists) return `catalog: ${r.file}\n(no file yet; it is created on first use)`;
    const width = Math.max(...Object.keys(r.counts).map((k) => k.length), 5);
    const lines = [
      `catalog: ${r.file}`,
      `size:    ${r.sizeBytes} bytes`,
      `schema:  version ${r.schemaVersion} (this build: ${r.supportedSchemaVersion})`,
      'rows:',
      ...Object.entries(r.counts).map(([t, n]) => `  ${t.padEnd(width)} ${n}`),
    ];
    return lines.join('\n');
  },
};
