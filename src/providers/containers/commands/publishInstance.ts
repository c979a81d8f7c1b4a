import * as vscode from 'vscode';
import { readArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { isEngineError } from '../../../containers/engineError';
import { publishInstance as publish } from '../../../containers/lxdInstanceOps';
import { nameProblem } from '../../../containers/objectRules';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', snapshot: 'string', alias: 'string' } as const;

/**
 * `containerCatalog.containers.publish` — an LXD container (stopped) or snapshot node, the palette, or
 * `{ engine, container, snapshot?, alias? }`: the instance or snapshot becomes an image, with the alias
 * when one is given. Resolves with the fingerprint.
 */
export function publishInstance(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersPublish, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to publish as an image'));
    if (!ref) return undefined;
    const snapshot = node?.type === 'snapshot' ? node.snapshot : a?.snapshot;
    let alias = a?.alias;
    if (!a) {
      const typed = await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Alias of the new image (empty: none)'), value: snapshot ? `${ref.container}-${snapshot}` : ref.container, ignoreFocusOut: true,
        validateInput: (v) => (!v || !nameProblem(v) ? undefined : vscode.l10n.t('An alias has no spaces or slashes.')),
      });
      if (typed === undefined) return undefined;
      alias = typed || undefined;
    }
    const catalog = await ctx.catalog();
    const what = snapshot ? `${ref.container}/${snapshot}` : ref.container;
    const run = { ...ctx.commandRun(vscode.l10n.t('Publish {0} as an image', what), a !== undefined, { progress: true }), expected: (e: unknown) => isEngineError(e, 'api') };
    const fingerprint = await runCommand(run, () => publish(catalog, ref.engine, ctx.engineCtx, { instance: ref.container, snapshot, alias }));
    if (fingerprint && !a) void vscode.window.showInformationMessage(vscode.l10n.t('{0} is now the image {1}.', what, alias ?? fingerprint.slice(0, 12)));
    return fingerprint;
  };
}
