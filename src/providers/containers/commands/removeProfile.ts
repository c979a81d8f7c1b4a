import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', profile: 'string' } as const;

/** `containerCatalog.containers.removeProfile` — a container's profile node, a container node or `{ engine, container, profile }`. */
export function removeProfile(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersRemoveProfile, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to remove a profile from'));
    if (!ref) return false;
    let profile = node?.type === 'profileRef' ? node.profile : requiredArg(a, 'profile');
    if (!profile) {
      profile = await vscode.window.showQuickPick((await ctx.details(ref))?.container.profiles ?? [], { placeHolder: vscode.l10n.t('Profile to remove') });
      if (!profile) return false;
    }
    const p = profile;
    return ctx.runAction(vscode.l10n.t('Remove profile {0}', p), arg, async () => (await ctx.actions()).removeProfile(ref.engine, ref.container, p));
  };
}
