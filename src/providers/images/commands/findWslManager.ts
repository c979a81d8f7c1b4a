import * as vscode from 'vscode';
import { importWslManager as importIntoCatalog, type WslManagerImport } from '../../../images/importWslManager';
import { findWslManagerDatabase, wslManagerDatabasePath } from '../../../images/wslManagerPlace';
import { readArgs } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import type { ImageCommandContext } from '../imageCommandContext';

export interface FoundDatabase {
  readonly file: string;
  readonly alreadyImported: boolean;
  /** The import's report when the user chose to import. */
  readonly imported?: unknown;
}

/**
 * `containerCatalog.localImages.findWslManager` — looks at Wsl-Manager's usual place for images.db and, when
 * one is there with rows the catalog lacks, offers to import them, saying how many (from a dry run).
 * `{ quiet: true }`, what activation runs, says nothing when there is nothing to offer, and does not ask
 * again about a file the user answered "Don't Ask Again" for. Resolves with what it found, or undefined.
 */
export function findWslManager(ctx: ImageCommandContext): CommandHandler {
  // The quiet look at start-up is skipped once the user looked this session: one offer, not two.
  let looked = false;
  return async (arg?: unknown) => {
    const a = readArgs(ImageCommandIds.findWslManager, arg, { quiet: 'boolean' });
    const quiet = a?.quiet === true;
    if (quiet && looked) return undefined;
    looked = true;
    // An offer is a question to the user, whoever started it: failures are shown (or, when quiet, logged).
    return runCommand({ title: vscode.l10n.t('Looking for a Wsl-Manager database'), log: ctx.deps.log, programmatic: false }, async (): Promise<FoundDatabase | undefined> => {
      const file = findWslManagerDatabase();
      if (!file) {
        if (!quiet) void vscode.window.showInformationMessage(vscode.l10n.t('No Wsl-Manager database at {0}.', wslManagerDatabasePath()));
        return undefined;
      }
      let preview;
      try {
        preview = await importIntoCatalog(await ctx.deps.catalog(), await ctx.imagesDir(), file, { dryRun: true });
      } catch (e) {
        if (!quiet) throw e;
        ctx.deps.log.warn(`${file} was found but cannot be imported: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
      const declined = `importOffer.declined.${preview.sha256}`;
      const nothingNew = !preview.sources.added.length && !preview.localImages.added.length;
      if (preview.alreadyImported || nothingNew || (quiet && ctx.deps.context.globalState.get(declined))) {
        if (!quiet) {
          void vscode.window.showInformationMessage(preview.alreadyImported
            ? vscode.l10n.t('{0} was imported before; nothing to do.', file)
            : vscode.l10n.t('{0} holds nothing the catalog does not have already.', file));
        }
        return { file, alreadyImported: preview.alreadyImported };
      }
      // The offer names what would come over (the dry run above): answering Import is the confirmation.
      const go = vscode.l10n.t('Import');
      const never = vscode.l10n.t("Don't Ask Again");
      const answer = await vscode.window.showInformationMessage(
        vscode.l10n.t('Wsl-Manager\'s images.db is on this machine: {0} image sources and {1} local images could come over.', preview.sources.added.length, preview.localImages.added.length),
        go,
        never,
      );
      if (answer === never) await ctx.deps.context.globalState.update(declined, true);
      if (answer !== go) return { file, alreadyImported: false };
      const imported = await vscode.commands.executeCommand<WslManagerImport>(ImageCommandIds.importWslManager, { file });
      void vscode.window.showInformationMessage(vscode.l10n.t('Imported {0} image sources and {1} local images from Wsl-Manager.', imported.sources.added.length, imported.localImages.added.length));
      return { file, alreadyImported: false, imported };
    });
  };
}
