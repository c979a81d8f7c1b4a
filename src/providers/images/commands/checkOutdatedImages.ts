import * as vscode from 'vscode';
import { readArgs } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { ImageCancelledError } from '../../../images/imageCatalogError';
import { credentialsFromSecrets } from '../../../images/registryCredentials';
import { checkRegistryImages } from '../../../images/registryImages';
import { fromCode, withProgress, type ImageCommandContext } from '../imageCommandContext';

/**
 * `containerCatalog.imageSources.checkOutdated` — `{}` or nothing. One HEAD per registry image (never a
 * pull), cancellable; local images whose digest changed become Outdated. Resolves with the check's outcome.
 */
export function checkOutdatedImages(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    runCommand(
      { title: vscode.l10n.t('Checking for outdated images'), log: ctx.deps.log, programmatic: fromCode(arg), cancelled: (e) => e instanceof ImageCancelledError },
      async () => {
        readArgs(ImageCommandIds.checkOutdated, arg, {});
        const catalog = await ctx.deps.catalog();
        const r = await withProgress(ctx, vscode.l10n.t('Checking registry images (HEAD requests only)'), ({ signal, report }) =>
          checkRegistryImages(catalog, credentialsFromSecrets(ctx.deps.secrets), {
            signal,
            onProgress: (done, total) => report(`${done} of ${total}`, 100 / Math.max(1, total)),
          }),
        );
        if (!r) return undefined;
        for (const e of r.errors) ctx.deps.log.warn(`check for outdated: ${e.name}: ${e.message}`);
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Checked {0} registry image(s): {1} changed, {2} local image(s) now outdated{3}.', r.checked, r.changed.length, r.outdated, r.errors.length ? `, ${r.errors.length} failed (see log)` : ''),
        );
        return r;
      },
    );
}
