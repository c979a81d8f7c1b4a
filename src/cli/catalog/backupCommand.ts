import { basename, dirname, join, resolve } from 'node:path';
import { backupCatalog } from '../../store/backupCatalog';
import type { CliCommand } from '../cliCommand';
import { CliUsageError } from '../cliCommand';

export interface BackupResult {
  file: string;
  backup: string;
  sizeBytes: number;
}

export const backupCommand: CliCommand<BackupResult> = {
  name: 'backup',
  summary: 'copy the catalog, consistently and atomically, to DEST (default catalog.db.backup-<timestamp>)',
  usage: '[DEST]',
  async run(ctx, args) {
    if (args.length > 1) throw new CliUsageError('backup takes at most one argument, the destination file');
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const dest = resolve(args[0] ?? join(dirname(ctx.catalogFile), `${basename(ctx.catalogFile)}.backup-${stamp}`));
    const sizeBytes = await backupCatalog(ctx.catalogFile, dest);
    return { file: ctx.catalogFile, backup: dest, sizeBytes };
  },
  text: (r) => `backed up ${r.file} to ${r.backup} (${r.sizeBytes} bytes)`,
};
