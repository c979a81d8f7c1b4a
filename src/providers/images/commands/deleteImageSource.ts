import * as vscode from 'vscode';
import { readArgs, requiredArg, confirmedByArgs } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { deleteImageSource as deleteFromCatalog } from '../../../images/localImages';
import { readImageSource } from '../../../images/readImageSource';
import { asNode, fromCode, pickImageSource, type ImageCommandContext } from '../imageCommandContext';

/**
 * `containerCatalog.imageSources.deleteSource` — a source node, `{ sourceId, confirmed? }`, or a quick
 * pick. Asks for a modal confirmation unless `confirmed: true`; downloaded local images stay.
 */
export function deleteImageSource(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    runCommand({ title: vscode.l10n.t('Deleting the image source'), log: ctx.deps.log, programmatic: fromCode(arg) }, async () => {
      const node = asNode(arg);
      const a = node ? undefined : readArgs(ImageCommandIds.deleteSource, arg, { sourceId: 'string', confirmed: 'boolean' });
      const id = (node?.type === 'source' ? node.sourceId : requiredArg(a, 'sourceId')) ?? (await pickImageSource(ctx, vscode.l10n.t('Delete Image Source')));
      // Code that did not confirm is refused before anything is read: a modal is a prompt.
      const confirmed = confirmedByArgs(a);
      if (!id) return undefined;
      const catalog = await ctx.deps.catalog();
      const source = await readImageSource(catalog, id);
      if (!source) throw new Error(`image source ${id} does not exist`);
      if (!confirmed) {
        const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Delete the image source "{0}"?', source.name ?? source.distribution), {
          modal: true,
          detail: source.type === 'Incus' || source.type === 'Builtin'
            ? vscode.l10n.t('The next refresh of its catalog adds it again. Downloaded local images stay.')
            : vscode.l10n.t('Downloaded local images stay.'),
        }, vscode.l10n.t('Delete'));
        if (ok !== vscode.l10n.t('Delete')) return undefined;
      }
      await deleteFromCatalog(catalog, id);
      ctx.deps.log.info(`image source deleted: ${source.name ?? source.id}`);
      return true;
    });
}
