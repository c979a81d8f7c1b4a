import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import { listEngineObjects } from '../../../containers/engineObjectLists';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', profile: 'string' } as const;

/** `containerCatalog.containers.addProfile` — a container node or `{ engine, container, profile }`; the profile is applied last. */
export function addProfile(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersAddProfile, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to add a profile to'));
    if (!ref) return false;
    let profile = requiredArg(a, 'profile');
    if (!profile) {
      const have = (await ctx.details(ref))?.container.profiles ?? [];
      const all = (await listEngineObjects(await ctx.catalog(), ref.engine.id, 'profiles')).filter((p) => !have.includes(p.name));
      profile = (await vscode.window.showQuickPick(all.map((p) => ({ label: p.name, description: p.description })), { placeHolder: vscode.l10n.t('Profile to apply last') }))?.label;
      if (!profile) return false;
    }
    const p = profile;
    return ctx.runAction(vscode.l10n.t('Add profile {0}', p), arg, async () => (await ctx.actions()).addProfile(ref.engine, ref.container, p));
  };
}
