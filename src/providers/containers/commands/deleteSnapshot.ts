import * as vscode from 'vscode';
import { CommandIds } from '../../platform/ids';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { pickSnapshot } from './pickSnapshot';

/** `containerCatalog.snapshots.delete` — a snapshot node or `{ engine, container, snapshot, confirmed? }`. */
export function deleteSnapshot(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const s = await pickSnapshot(ctx, CommandIds.snapshotsDelete, arg, 'delete');
    if (!s) return false;
    return ctx.runAction(vscode.l10n.t('Delete snapshot {0}', s.snapshot), arg, async () => (await ctx.actions()).deleteSnapshot(s.engine, s.container, s.snapshot));
  };
}
