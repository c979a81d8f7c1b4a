import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { isEngineError } from '../../../containers/engineError';
import { renameInstance as rename } from '../../../containers/lxdInstanceOps';
import { asNode, requiredName, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', newName: 'string' } as const;

/** `containerCatalog.containers.rename` — a stopped LXD container node, the palette, or `{ engine, container, newName }`; the renamed row is revealed. */
export function renameInstance(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersRename, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to rename'));
    if (!ref) return false;
    const newName = await ctx.text(requiredArg(a, 'newName'), vscode.l10n.t('New name of {0}', ref.container), requiredName(vscode.l10n.t('container name')), ref.container);
    if (!newName || newName === ref.container) return false;
    const catalog = await ctx.catalog();
    const run = { ...ctx.commandRun(vscode.l10n.t('Rename {0} to {1}', ref.container, newName), a !== undefined), expected: (e: unknown) => isEngineError(e, 'api') };
    const done = await runCommand(run, async () => (await rename(catalog, ref.engine, ctx.engineCtx, { name: ref.container, newName }), true));
    if (done) await ctx.provider.revealContainer(ref.engine.id, newName);
    return done ?? false;
  };
}
