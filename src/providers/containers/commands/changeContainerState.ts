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
    return ctx.runAction(titleOf(action, force, ref.container), arg, async () => (await ctx.actions()).lifecycle(ref.engine, ref.container, action, force));
  };
}

function titleOf(action: LifecycleAction, force: boolean, container: string): string {
  if (force) return vscode.l10n.t('Force stop {0}', container);
  switch (action) {
    case 'start': return vscode.l10n.t('Start {0}', container);
    case 'stop': return vscode.l10n.t('Stop {0}', container);
    default: return vscode.l10n.t('Restart {0}', container);
  }
}
