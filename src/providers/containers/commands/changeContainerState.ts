import * as vscode from 'vscode';
import { readArgs } from '../../common/commandArgs';
import type { LifecycleAction } from '../../../containers/containerActions';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string' } as const;

/**
 * `containerCatalog.containers.start|stop|forceStop|restart` — a container node or `{ engine, container }`,
 * else picked. Resolves true once the engine did it, false otherwise.
 */
export function changeContainerState(ctx: ContainerCommandContext, command: string, action: LifecycleAction, force: boolean): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const ref = await ctx.container(node, node ? undefined : readArgs(command, arg, ARGS), vscode.l10n.t('Container to {0}', action));
    if (!ref) return false;
    const verb = force ? 'Force stop' : action[0].toUpperCase() + action.slice(1);
    return ctx.runAction(`${verb} ${ref.container}`, async () => (await ctx.actions()).lifecycle(ref.engine, ref.container, action, force));
  };
}
