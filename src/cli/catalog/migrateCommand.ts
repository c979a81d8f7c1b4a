import { readFileSync } from 'node:fs';
import { loadSqlJs } from '../../store/loadSqlJs';
import type { CliCommand } from '../cliCommand';
import { CliUsageError } from '../cliCommand';

export interface MigrateResult {
  file: string;
  fromVersion: number;
  toVersion: number;
  notices: readonly string[];
}

/** Opens the catalog, which backs it up, migrates it and runs pending seeds/patches (under the lock). */
export const migrateCommand: CliCommand<MigrateResult> = {
  name: 'migrate',
  summary: 'upgrade the catalog to this build\'s schema (keeps the file as it was in catalog.db.old first)',
  async run(ctx, args) {
    if (args.length) throw new CliUsageError(`migrate takes no arguments (got "${args.join(' ')}")`);
    const fromVersion = await versionOf(ctx.catalogFile);
    const catalog = await ctx.openCatalog();
    if (catalog.migrationError) throw new Error(catalog.notices.join('\n'));
    return { file: ctx.catalogFile, fromVersion, toVersion: catalog.schemaVersion, notices: catalog.notices };
  },
  text(r) {
    const head = r.fromVersion === r.toVersion
      ? `${r.file}: already at schema version ${r.toVersion}`
      : `${r.file}: migrated from schema version ${r.fromVersion} to ${r.toVersion}`;
    return [head, ...r.notices].join('\n');
  },
};

async function versionOf(file: string): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return 0;
  }
  const SQL = await loadSqlJs();
  try {
    const db = new SQL.Database(bytes);
    try {
      return Number(db.exec('PRAGMA user_version')[0].values[0][0]);
    } finally {
      db.close();
    }
  } catch {
    return 0; // unreadable: openCatalog sets it aside and says so
  }
}
