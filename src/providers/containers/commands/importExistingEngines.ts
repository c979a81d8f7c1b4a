import * as vscode from 'vscode';
import { defaultToolPlaces, findExistingEngines, importFoundEngines } from '../../../containers/importExistingEngines';
import type { ImportEnginesResult } from '../../../containers/importExistingEngines';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { syncWithProgress } from './syncEngine';

const ARGS = { origins: 'string[]' } as const;

/**
 * `containerCatalog.engines.importExisting` — the user's Docker contexts, Podman connections and the engines
 * DOCKER_HOST/CONTAINER_HOST name, picked from a
 * list (or `{ origins: ['Docker context "x"', …] }`), recorded as engines and synced. Nothing is contacted
 * before the pick; ones that cannot be used are listed with their reason.
 */
export function importExistingEngines(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const a = readArgs(CommandIds.enginesImportExisting, arg, ARGS);
    const programmatic = a !== undefined;
    const found = await findExistingEngines(defaultToolPlaces());
    let chosen = found.filter((f) => f.engine);
    const origins = requiredArg(a, 'origins');
    if (origins) {
      const unknown = origins.filter((o) => !found.some((f) => f.origin === o));
      if (unknown.length) throw new Error(vscode.l10n.t('{0}: no such Docker context or Podman connection: {1}', CommandIds.enginesImportExisting, unknown.join(', ')));
      chosen = found.filter((f) => origins.includes(f.origin));
    } else {
      if (!chosen.length) {
        const why = found.map((f) => `${f.origin}: ${f.problem}`).join('\n');
        void vscode.window.showInformationMessage(vscode.l10n.t('No Docker context, Podman connection, DOCKER_HOST or CONTAINER_HOST to import.'), { modal: !!why, detail: why || undefined });
        return undefined;
      }
      const picks = await vscode.window.showQuickPick(
        chosen.map((f) => ({ label: f.engine!.name, description: f.origin, detail: f.engine!.endpoint, picked: true, f })),
        { canPickMany: true, placeHolder: vscode.l10n.t('Engines to import (your Docker contexts, Podman connections, DOCKER_HOST and CONTAINER_HOST)'), ignoreFocusOut: true },
      );
      if (!picks?.length) return undefined;
      chosen = [...picks.map((p) => p.f), ...found.filter((f) => !f.engine)];
    }
    const result = await runCommand(ctx.commandRun(vscode.l10n.t('Import engines'), programmatic), () =>
      ctx.progress(vscode.l10n.t('Import engines'), async () => importFoundEngines(await ctx.catalog(), chosen)),
    );
    if (!result) return undefined;
    if (!programmatic) showResult(result);
    // Each new engine's first sync; a failure there is reported and the engine stays (as Connect Engine does).
    for (const e of result.added) await syncWithProgress(ctx, e, false, !programmatic);
    return { added: result.added.map((e) => e.name), skipped: result.skipped };
  };
}

function showResult(r: ImportEnginesResult): void {
  const detail = r.skipped.map((s) => `${s.origin}: ${s.reason}`).join('\n');
  const text = vscode.l10n.t('Imported {0} engine(s); {1} not imported.', r.added.length, r.skipped.length);
  if (r.skipped.length) void vscode.window.showWarningMessage(text, { modal: true, detail });
  else void vscode.window.showInformationMessage(text);
}
