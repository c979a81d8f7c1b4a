import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { listImageSources } from '../../../images/listImageSources';
import { asNode, fromCode, pickImageSource, type ImageCommandContext } from '../imageCommandContext';

/**
 * `containerCatalog.imageSources.cancelDownload` — a source node, `{ sourceId }`, the only running
 * download, or a pick among the running ones. Resolves true when a download was cancelled.
 */
export function cancelDownload(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    (await runCommand({ title: vscode.l10n.t('Cancel'), log: ctx.deps.log, programmatic: fromCode(arg) }, async () => {
      const node = asNode(arg);
      const a = node ? undefined : readArgs(ImageCommandIds.cancelDownload, arg, { sourceId: 'string' });
      let id = node?.type === 'source' ? node.sourceId : a?.sourceId;
      if (!id) {
        const running = [...ctx.downloads.keys()];
        if (running.length === 0) {
          void vscode.window.showInformationMessage(vscode.l10n.t('No download is running.'));
          return false;
        }
        // Code is never asked which: with several downloads it names one.
        if (running.length > 1) requiredArg(a, 'sourceId', ` when several downloads run (${running.join(', ')})`);
        id = running.length === 1
          ? running[0]
          : await pickImageSource(ctx, vscode.l10n.t('Cancel Download'), await listImageSources(await ctx.deps.catalog(), { ids: running }));
      }
      const ac = id ? ctx.downloads.get(id) : undefined;
      if (!ac) return false;
      ac.abort();
      return true;
    })) ?? false;
}
