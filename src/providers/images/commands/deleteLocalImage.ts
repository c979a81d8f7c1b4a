import * as vscode from 'vscode';
import { readArgs, requiredArg, confirmedByArgs } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { deleteLocalImage as deleteFromCatalog } from '../../../images/localImages';
import { readLocalImage } from '../../../images/readLocalImage';
import { asNode, fromCode, pickLocalImage, type ImageCommandContext } from '../imageCommandContext';

/**
 * `containerCatalog.localImages.delete` — a local image node, `{ localImageId, confirmed? }`, or a quick
 * pick. Asks for a modal confirmation unless `confirmed: true`; the file goes unless another entry uses it.
 */
export function deleteLocalImage(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    runCommand({ title: vscode.l10n.t('Deleting the local image'), log: ctx.deps.log, programmatic: fromCode(arg) }, async () => {
      const node = asNode(arg);
      const a = node ? undefined : readArgs(ImageCommandIds.deleteLocal, arg, { localImageId: 'string', confirmed: 'boolean' });
      const id = (node?.type === 'local' ? node.localId : requiredArg(a, 'localImageId')) ?? (await pickLocalImage(ctx, vscode.l10n.t('Delete Local Image')));
      // Code that did not confirm is refused before anything is read: a modal is a prompt.
      const confirmed = confirmedByArgs(a);
      if (!id) return undefined;
      const catalog = await ctx.deps.catalog();
      const local = await readLocalImage(catalog, id);
      if (!local) throw new Error(`local image ${id} does not exist`);
      if (!confirmed) {
        const ok = await vscode.window.showWarningMessage(
          vscode.l10n.t('Delete the local image "{0}"?', local.name),
          { modal: true, detail: vscode.l10n.t('Its file is removed unless another local image uses the same file.') },
          vscode.l10n.t('Delete'),
        );
        if (ok !== vscode.l10n.t('Delete')) return undefined;
      }
      const r = await deleteFromCatalog(catalog, await ctx.imagesDir(), id);
      ctx.deps.log.info(`local image deleted: ${r.name}${r.fileRemoved ? ' (file removed)' : r.sharedWith ? ` (file kept: used by ${r.sharedWith} other)` : ''}`);
      return { fileRemoved: r.fileRemoved };
    });
}
