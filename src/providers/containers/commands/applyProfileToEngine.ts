import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import * as transfer from '../../../containers/yamlTransfer';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', profile: 'string', target: 'string' } as const;

/** `containerCatalog.profiles.applyToEngine` — a profile node or `{ engine, profile, target }`: creates or updates it on an LXD engine. */
export function applyProfileToEngine(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.profilesApplyToEngine, arg, ARGS);
    const p = await ctx.profile(node, a, vscode.l10n.t('Profile to apply'), true);
    if (!p) return false;
    const target = await ctx.engine(requiredArg(a, 'target'), { kinds: ['lxd'], placeHolder: vscode.l10n.t('LXD engine to apply it to') });
    if (!target) return false;
    return ctx.runAction(vscode.l10n.t('Apply {0} to {1}', p.profile, target.name), arg, async () => transfer.applyProfileToEngine(await ctx.catalog(), p.engine, p.profile, target, ctx.engineCtx));
  };
}
