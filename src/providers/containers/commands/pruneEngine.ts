import * as vscode from 'vscode';
import { readArgs, requiredArg, confirmedByArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { planPrune, prune, type PrunePlan, type PruneResult } from '../../../containers/engineImages';
import { isEngineError } from '../../../containers/engineError';
import { formatSize } from '../../../shared/formatSize';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', confirmed: 'boolean' } as const;

/**
 * `containerCatalog.engines.prune` — a Podman/Docker engine node or `{ engine, confirmed? }`: lists the
 * dangling images and stopped containers with the space they take in a modal confirmation, then removes
 * exactly those (`confirmed: true` skips the question). Resolves with what was removed and skipped.
 */
export function pruneEngine(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.enginesPrune, arg, ARGS);
    const engine = node?.type === 'engine' ? node.engine : await ctx.engine(requiredArg(a, 'engine'), { kinds: ['podman', 'docker'], placeHolder: vscode.l10n.t('Engine to prune') });
    if (!engine) return undefined;
    // Asked before the engine is read: code that did not confirm gets its rejection at once.
    const confirmed = confirmedByArgs(a);
    const base = ctx.commandRun(vscode.l10n.t('Prune {0}', engine.name), a !== undefined);
    const run = { ...base, expected: (e: unknown) => isEngineError(e, 'api') };
    return runCommand(run, async (): Promise<PruneResult | undefined> => {
      const plan = await ctx.progress(vscode.l10n.t('Reading what {0} can free…', engine.name), () => planPrune(engine, ctx.engineCtx));
      if (!plan.images.length && !plan.containers.length) {
        if (a?.confirmed !== true) void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no dangling images and no stopped containers.', engine.name));
        return { engine: engine.name, removedImages: [], removedContainers: [], skipped: [] };
      }
      if (!confirmed && !(await confirm(plan))) return undefined;
      const catalog = await ctx.catalog();
      return ctx.progress(vscode.l10n.t('Pruning {0}…', engine.name), () => prune(catalog, engine, ctx.engineCtx, plan));
    });
  };
}

async function confirm(plan: PrunePlan): Promise<boolean> {
  const lines = [
    ...plan.containers.map((c) => vscode.l10n.t('container {0} ({1}) · {2}', c.name, c.image, formatSize(c.size))),
    ...plan.images.map((i) => vscode.l10n.t('image {0} · {1}', i.id.replace(/^sha256:/, '').slice(0, 12), formatSize(i.size))),
  ];
  const shown = lines.length > 15 ? [...lines.slice(0, 15), vscode.l10n.t('… and {0} more', lines.length - 15)] : lines;
  const remove = vscode.l10n.t('Remove');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove {0} stopped container(s) and {1} dangling image(s) from {2}, freeing {3}?', plan.containers.length, plan.images.length, plan.engine, formatSize(plan.bytes)),
    { modal: true, detail: shown.join('\n') },
    remove,
  );
  return answer === remove;
}
