import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import { listEngineObjects } from '../../../containers/engineObjectLists';
import { pickLaunchTarget } from './pickLaunchTarget';
import { asNode, engineNameOf, requiredName, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', name: 'string', image: 'string', profiles: 'string[]', target: 'string' } as const;

/**
 * `containerCatalog.containers.create` — an engine node or `{ engine, name, image, profiles?, target? }`; what is
 * missing is asked (an LXD engine's profiles with a multi-pick, "default" pre-selected).
 */
export function createContainer(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersCreate, arg, ARGS);
    const engine = node?.type === 'engine' ? node.engine : await ctx.engine(node ? engineNameOf(node) : a?.engine, { placeHolder: vscode.l10n.t('Engine to create the container on'), args: a });
    if (!engine) return false;
    const name = await ctx.text(requiredArg(a, 'name'), vscode.l10n.t('Name of the new container'), requiredName(vscode.l10n.t('container name')));
    if (!name) return false;
    let image = await ctx.text(requiredArg(a, 'image'), vscode.l10n.t('Image'), (v) => (v.trim() ? undefined : 'Enter an image.'));
    if (!image) return false;
    let profiles = a?.profiles ? [...a.profiles] : undefined;
    // Called by code without profiles: LXD's own default (the "default" profile), as Launch on LXD… does.
    if (!profiles && engine.kind === 'lxd' && !a) {
      const all = await listEngineObjects(await ctx.catalog(), engine.id, 'profiles');
      const picked = await vscode.window.showQuickPick(
        all.map((p) => ({ label: p.name, description: p.description, picked: p.name === 'default' })),
        { canPickMany: true, placeHolder: vscode.l10n.t('Profiles (applied in the order shown)') },
      );
      if (!picked) return false;
      profiles = picked.map((p) => p.label);
    }
    // An LXD cluster: on which member (`target`; LXD chooses without one).
    const placement = a ? { target: a.target } : await pickLaunchTarget(engine, ctx.engineCtx);
    if (!placement) return false;
    image = image.trim();
    const spec = { name, image, profiles, target: placement.target };
    return ctx.runAction(vscode.l10n.t('Create {0}', name), arg, async () => (await ctx.actions()).create(engine, spec));
  };
}
