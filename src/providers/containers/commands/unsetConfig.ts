import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', key: 'string' } as const;

/** `containerCatalog.containers.unsetConfig` — a config key node, a container node (pick of its own keys) or `{ engine, container, key }`. */
export function unsetConfig(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersUnsetConfig, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to configure'));
    if (!ref) return false;
    let key = node?.type === 'configKey' ? node.key : requiredArg(a, 'key');
    if (!key) {
      const own = Object.keys((await ctx.details(ref))?.container.config ?? {});
      key = await vscode.window.showQuickPick(own.filter((k) => !k.startsWith('volatile.')), { placeHolder: vscode.l10n.t('Key to unset') });
      if (!key) return false;
    }
    const k = key;
    return ctx.runAction(vscode.l10n.t('Unset {0}', k), arg, async () => (await ctx.actions()).unsetConfig(ref.engine, ref.container, k));
  };
}
