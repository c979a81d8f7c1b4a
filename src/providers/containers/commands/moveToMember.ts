import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { isEngineError } from '../../../containers/engineError';
import { moveInstanceToMember } from '../../../containers/lxdCluster';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { pickClusterMember } from './pickClusterMember';

const ARGS = { engine: 'string', container: 'string', target: 'string' } as const;

/**
 * `containerCatalog.containers.moveToMember` — a stopped container of an LXD cluster, the palette, or
 * `{ engine, container, target }`: moves it to another member (`lxc move --target`); the moved row is revealed.
 */
export function moveToMember(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersMoveToMember, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to move to another cluster member'));
    if (!ref) return false;
    const from = node?.type === 'container' ? node.live?.location : undefined;
    const target = await pickClusterMember(CommandIds.containersMoveToMember, ref.engine, ctx.engineCtx, requiredArg(a, 'target'), vscode.l10n.t('Cluster member to move {0} to', ref.container), (m) => m.online && m.name !== from);
    if (!target) return false;
    const catalog = await ctx.catalog();
    const run = {
      ...ctx.commandRun(vscode.l10n.t('Move {0} to {1}', ref.container, target), a !== undefined, { progress: true }),
      expected: (e: unknown) => isEngineError(e, 'api'),
    };
    const done = await runCommand(run, async () => (await moveInstanceToMember(catalog, ref.engine, ctx.engineCtx, { name: ref.container, target }), true));
    if (done) await ctx.provider.revealContainer(ref.engine.id, ref.container);
    return done ?? false;
  };
}
