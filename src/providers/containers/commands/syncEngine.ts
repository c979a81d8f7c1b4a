import * as vscode from 'vscode';
import { readArgs } from '../../common/commandArgs';
import { runAsCode } from '../../common/calledByCode';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { EngineError } from '../../../containers/engineError';
import type { EngineRecord } from '../../../containers/engineRecord';
import { syncEngine as mirrorEngine } from '../../../containers/syncEngine';
import type { SyncResult } from '../../../containers/syncEngine';
import { asNode, engineNameOf, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string' } as const;

/** `containerCatalog.engines.sync` — an engine node or `{ engine }`, else picked: mirrors it into the catalog, with progress and Cancel. */
export function syncEngine(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.enginesSync, arg, ARGS);
    const engine = node?.type === 'engine' ? node.engine : await ctx.engine(node ? engineNameOf(node) : a?.engine, { placeHolder: vscode.l10n.t('Engine to sync'), args: a });
    if (!engine) return undefined;
    return syncWithProgress(ctx, engine, a !== undefined);
  };
}

/**
 * One engine's sync under a cancellable notification; the user's Cancel is silent. `ask` false (code called):
 * an ssh host key no known_hosts lists is not put to the user in a modal (calledByCode); the sync fails
 * naming it instead.
 */
export async function syncWithProgress(ctx: ContainerCommandContext, engine: EngineRecord, programmatic: boolean, ask = !programmatic): Promise<SyncResult | undefined> {
  const catalog = await ctx.catalog();
  const run = ctx.commandRun(vscode.l10n.t('Sync {0}', engine.name), programmatic, { progress: true, cancelled: (e) => e instanceof EngineError && e.kind === 'cancelled' });
  const sync = (): Promise<SyncResult | undefined> => runCommand(run, ({ signal, report }) => {
    let last = 0;
    return mirrorEngine(catalog, engine, ctx.engineCtx, {
      signal,
      onProgress: (p) => {
        const pct = p.total ? (p.done / p.total) * 100 : 0;
        report(p.message, Math.max(0, pct - last));
        last = Math.max(last, pct);
      },
    });
  });
  // A programmatic run is marked by runCommand; a reported-only sync that must not ask is marked here.
  return ask ? sync() : runAsCode(sync);
}
