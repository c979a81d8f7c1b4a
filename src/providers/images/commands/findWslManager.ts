import * as vscode from 'vscode';
import { importWslManager as importIntoCatalog, type WslManagerImport } from '../../../images/importWslManager';
import { findWslManagerDatabase, wslManagerDatabasePath } from '../../../images/wslManagerPlace';
import { offerFoundDatabase } from '../../common/offerFoundDatabase';
import type { CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import type { ImageCommandContext } from '../imageCommandContext';

/**
 * `containerCatalog.localImages.findWslManager` — looks at Wsl-Manager's usual place for images.db and
 * offers what it holds (offerFoundDatabase; `{ quiet: true }` at start-up).
 */
export function findWslManager(ctx: ImageCommandContext): CommandHandler {
  return offerFoundDatabase<WslManagerImport>({
    command: ImageCommandIds.findWslManager,
    title: vscode.l10n.t('Looking for a Wsl-Manager database'),
    log: ctx.deps.log,
    globalState: ctx.deps.context.globalState,
    place: () => wslManagerDatabasePath(),
    find: () => findWslManagerDatabase(),
    notFound: (place) => vscode.l10n.t('No Wsl-Manager database at {0}.', place),
    preview: async (file) => {
      const p = await importIntoCatalog(await ctx.deps.catalog(), await ctx.imagesDir(), file, { dryRun: true });
      return {
        sha256: p.sha256,
        alreadyImported: p.alreadyImported,
        somethingNew: p.sources.added.length > 0 || p.localImages.added.length > 0,
        question: vscode.l10n.t('Wsl-Manager\'s images.db is on this machine: {0} image sources and {1} local images could come over.', p.sources.added.length, p.localImages.added.length),
      };
    },
    importCommand: ImageCommandIds.importWslManager,
    imported: (r) => vscode.l10n.t('Imported {0} image sources and {1} local images from Wsl-Manager.', r.sources.added.length, r.localImages.added.length),
  });
}
