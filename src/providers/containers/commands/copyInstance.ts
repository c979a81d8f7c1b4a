import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { isEngineError } from '../../../containers/engineError';
import { copyInstance as copy } from '../../../containers/lxdInstanceOps';
import { asNode, requiredName, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', snapshot: 'string', target: 'string' } as const;

/** `containerCatalog.containers.copy` — an LXD container or snapshot node, the palette, or `{ engine, container, snapshot?, target }`; the copy is revealed. */
export function copyInstance(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersCopy, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to copy'));
    if (!ref) return false;
    const snapshot = node?.type === 'snapshot' ? node.snapshot : a?.snapshot;
    const target = await ctx.text(requiredArg(a, 'target'), vscode.l10n.t('Name of the copy'), requiredName(vscode.l10n.t('container name')), `${ref.container}-copy`);
    if (!target) return false;
    const catalog = await ctx.catalog();
    const run = { ...ctx.commandRun(vscode.l10n.t('Copy {0} to {1}', ref.container, target), a !== undefined, { progress: true }), expected: (e: unknown) => isEngineError(e, 'api') };
    const done = await runCommand(run, async () => (await copy(catalog, ref.engine, ctx.engineCtx, { source: ref.container, snapshot, target }), true));
    if (done) await ctx.provider.revealContainer(ref.engine.id, target);
    return done ?? false;
  };
}
