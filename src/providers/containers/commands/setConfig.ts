import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { keyProblem } from '../../../containers/objectRules';

const ARGS = { engine: 'string', container: 'string', key: 'string', value: 'string' } as const;

/**
 * `containerCatalog.containers.setConfig` — `{ engine, container, key, value }`, a container node (key and
 * value asked) or a config key node. Resolves true once the engine applied it, false when it refused the value.
 */
export function setConfig(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersSetConfig, arg, ARGS);
    // A config key's node names its key; its current value is offered for editing (taking it as the new
    // value, as the command once did, made "Set Config…" on a key row a no-op that never asked).
    const keyNode = node?.type === 'configKey' ? node : undefined;
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to configure'));
    if (!ref) return false;
    const key = await ctx.text(keyNode?.key ?? requiredArg(a, 'key'), vscode.l10n.t('Config key (e.g. limits.memory)'), (v) => { const p = keyProblem(v); return p && vscode.l10n.t('The key {0}.', p); });
    if (!key) return false;
    const value = await ctx.text(a?.value ?? requiredArg(a, 'value'), vscode.l10n.t('Value of {0}', key), undefined, keyNode?.value ?? '');
    if (value === undefined) return false;
    return ctx.runAction(vscode.l10n.t('Set {0}', key), arg, async () => (await ctx.actions()).setConfig(ref.engine, ref.container, key, value));
  };
}
