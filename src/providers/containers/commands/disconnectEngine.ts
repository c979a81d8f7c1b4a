import * as vscode from 'vscode';
import { readArgs, requiredArg, confirmedByArgs } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import { removeEngine } from '../../../containers/engineRegistry';
import { asNode, engineNameOf, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', confirmed: 'boolean' } as const;

/**
 * `containerCatalog.engines.disconnect` — an engine node or `{ engine, confirmed? }`: forgets the engine and
 * everything synced from it (nothing changes on the engine); asks unless `confirmed: true`.
 */
export function disconnectEngine(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.enginesDisconnect, arg, ARGS);
    const engine = node?.type === 'engine' ? node.engine : await ctx.engine(node ? engineNameOf(node) : requiredArg(a, 'engine'), { placeHolder: vscode.l10n.t('Engine to disconnect') });
    if (!engine) return false;
    if (!confirmedByArgs(a)) {
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Disconnect {0}? Its containers, profiles and images are removed from the catalog (nothing changes on the engine).', engine.name),
        { modal: true },
        vscode.l10n.t('Disconnect'),
      );
      if (ok !== vscode.l10n.t('Disconnect')) return false;
    }
    return ctx.runAction(vscode.l10n.t('Disconnect {0}', engine.name), arg, async () => removeEngine(await ctx.catalog(), engine.name, ctx.deps.secrets));
  };
}
