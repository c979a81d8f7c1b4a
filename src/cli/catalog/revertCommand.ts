import { revertCatalog, type RevertResult } from '../../store/revertCatalog';
import type { CliCommand } from '../cliCommand';
import { parseCliArgs } from '../parseCliArgs';

/** `revert`: back to catalog.db.old (or an earlier build's catalog.db.bak); the current file is set aside. */
export const revertCommand: CliCommand<RevertResult> = {
  name: 'revert',
  summary: 'go back to the copy kept before the last upgrade (catalog.db.old); the current file is set aside with a timestamp',
  async run(ctx, args) {
    parseCliArgs(args, {}, 0);
    // Not through ctx.openCatalog(): a catalog too new for this build cannot be opened, and is the usual reason to revert.
    return revertCatalog(ctx.catalogFile, { log: { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
  },
  text: (r) => `reverted to ${r.from} (schema version ${r.schemaVersion}); the catalog as it was is in ${r.setAside}`,
};
