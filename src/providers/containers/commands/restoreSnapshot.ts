import * as vscode from 'vscode';
import { CommandIds } from '../../platform/ids';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { pickSnapshot } from './pickSnapshot';

/** `containerCatalog.snapshots.restore` — a snapshot node or `{ engine, container, snapshot, confirmed? }`. */
export function restoreSnapshot(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const s = await pickSnapshot(ctx, CommandIds.snapshotsRestore, arg, 'restore');
    if (!s) return false;
    return ctx.runAction(vscode.l10n.t('Restore snapshot {0}', s.snapshot), arg, async () => (await ctx.actions()).restoreSnapshot(s.engine, s.container, s.snapshot));
  };
}
