import * as vscode from 'vscode';
import { readArgs, requiredArg, confirmedByArgs } from '../../common/commandArgs';
import { asNode, type ContainerCommandContext, type ContainerRefArg } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', snapshot: 'string', confirmed: 'boolean' } as const;

/**
 * The snapshot a restore or delete is about — a snapshot node or `{ engine, container, snapshot, confirmed? }`,
 * else picked — confirmed with a modal unless `confirmed: true`. Undefined when the user backed out.
 */
export async function pickSnapshot(ctx: ContainerCommandContext, command: string, arg: unknown, what: 'restore' | 'delete'): Promise<(ContainerRefArg & { snapshot: string }) | undefined> {
  const node = asNode(arg);
  const a = node ? undefined : readArgs(command, arg, ARGS);
  const ref = await ctx.container(node, a, vscode.l10n.t('Container whose snapshot to {0}', what));
  if (!ref) return undefined;
  let snap = node?.type === 'snapshot' ? node.snapshot : requiredArg(a, 'snapshot');
  if (!snap) {
    snap = await vscode.window.showQuickPick((await ctx.details(ref))?.container.snapshots ?? [], { placeHolder: vscode.l10n.t('Snapshot to {0}', what) });
    if (!snap) return undefined;
  }
  if (!confirmedByArgs(a)) {
    const verb = what === 'restore' ? vscode.l10n.t('Restore') : vscode.l10n.t('Delete');
    const ok = await vscode.window.showWarningMessage(
      what === 'restore' ? vscode.l10n.t('Restore {0} to snapshot {1}? Changes since then are lost.', ref.container, snap) : vscode.l10n.t('Delete snapshot {0} of {1}?', snap, ref.container),
      { modal: true },
      verb,
    );
    if (ok !== verb) return undefined;
  }
  return { ...ref, snapshot: snap };
}
