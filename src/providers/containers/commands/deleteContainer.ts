import * as vscode from 'vscode';
import { readArgs, confirmedByArgs } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', confirmed: 'boolean' } as const;

/** `containerCatalog.containers.delete` — a container node or `{ engine, container, confirmed? }`; asks unless `confirmed: true`. */
export function deleteContainer(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersDelete, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to delete'));
    if (!ref) return false;
    if (!confirmedByArgs(a)) {
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete {0} on {1}? The container and its snapshots are destroyed on the engine.', ref.container, ref.engine.name),
        { modal: true },
        vscode.l10n.t('Delete'),
      );
      if (ok !== vscode.l10n.t('Delete')) return false;
    }
    return ctx.runAction(vscode.l10n.t('Delete {0}', ref.container), arg, async () => (await ctx.actions()).delete(ref.engine, ref.container));
  };
}
