import * as vscode from 'vscode';
import { readArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { openText } from './textOutput';

const ARGS = { engine: 'string', container: 'string', show: 'boolean' } as const;

/**
 * `containerCatalog.containers.showEffectiveConfig` — a container node or `{ engine, container, show? }`:
 * the expanded config as commented YAML (each value's origin), opened unless `show: false`; resolves with the text.
 */
export function showEffectiveConfig(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersShowEffectiveConfig, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container'));
    if (!ref) return undefined;
    return runCommand(ctx.commandRun(vscode.l10n.t('Show effective config'), a !== undefined), async () => {
      const text = await ctx.effectiveText(ref.engine, ref.container);
      if (a?.show !== false) await openText(text, 'yaml');
      return text;
    });
  };
}
