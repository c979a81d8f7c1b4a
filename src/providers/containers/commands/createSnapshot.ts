import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { CommandIds } from '../../platform/ids';
import { asNode, requiredName, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', snapshot: 'string' } as const;

/** `containerCatalog.snapshots.create` — a container node or `{ engine, container, snapshot }`; the name defaults to today's date. */
export function createSnapshot(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.snapshotsCreate, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to snapshot'));
    if (!ref) return false;
    const snap = await ctx.text(requiredArg(a, 'snapshot'), vscode.l10n.t('Snapshot name'), requiredName(vscode.l10n.t('snapshot name')), `snap-${new Date().toISOString().slice(0, 10)}`);
    if (!snap) return false;
    return ctx.runAction(vscode.l10n.t('Snapshot {0}', ref.container), arg, async () => (await ctx.actions()).createSnapshot(ref.engine, ref.container, snap));
  };
}
