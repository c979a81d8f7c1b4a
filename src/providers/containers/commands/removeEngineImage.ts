import * as vscode from 'vscode';
import { ArgumentError, readArgs, requiredArg, confirmedByArgs } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import { removeEngineImage as removeImage } from '../../../containers/engineImages';
import { listEngineObjects } from '../../../containers/engineObjectLists';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', image: 'string', force: 'boolean', confirmed: 'boolean' } as const;

/**
 * `containerCatalog.engineImages.remove` — an image node of a Podman/Docker engine or
 * `{ engine, image, force?, confirmed? }`; asks first unless `confirmed: true`. The engine refuses an
 * image a container uses (its message is shown) unless `force`.
 */
export function removeEngineImage(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.engineImagesRemove, arg, ARGS);
    if (node && node.type !== 'image') throw new ArgumentError(`${CommandIds.engineImagesRemove} takes an image of the Containers view.`);
    const engine = await ctx.engine(node?.type === 'image' ? node.engine : requiredArg(a, 'engine'), { kinds: ['podman', 'docker'], placeHolder: vscode.l10n.t('Engine to remove an image from') });
    if (!engine) return false;
    let image = node?.type === 'image' ? node.fingerprint : requiredArg(a, 'image');
    let label = node?.type === 'image' ? (node.aliases[0] ?? node.fingerprint.slice(0, 12)) : image;
    if (image === undefined) {
      const images = await listEngineObjects(await ctx.catalog(), engine.id, 'images');
      const pick = await vscode.window.showQuickPick(
        images.map((i) => ({ label: i.aliases[0] ?? i.fingerprint.slice(0, 12), description: i.aliases.slice(1).join(', '), fingerprint: i.fingerprint })),
        { placeHolder: vscode.l10n.t('Image to remove from {0}', engine.name) },
      );
      if (!pick) return false;
      image = pick.fingerprint;
      label = pick.label;
    }
    if (!confirmedByArgs(a)) {
      const remove = vscode.l10n.t('Remove');
      const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Remove the image {0} from {1}?', label ?? image, engine.name), { modal: true }, remove);
      if (ok !== remove) return false;
    }
    const target = image;
    return ctx.runAction(vscode.l10n.t('Remove image {0}', label ?? target), arg, async () => removeImage(await ctx.catalog(), engine, ctx.engineCtx, target, a?.force ?? false));
  };
}
