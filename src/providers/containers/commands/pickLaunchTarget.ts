import * as vscode from 'vscode';
import type { EngineContext } from '../../../containers/engineConnection';
import type { EngineRecord } from '../../../containers/engineRecord';
import { listClusterMembers } from '../../../containers/lxdCluster';

/**
 * Where a new instance goes on an LXD cluster: a member picked among the online ones, or LXD's own choice.
 * `{ target: undefined }` for an engine that is not a cluster (nothing is asked); undefined when cancelled.
 */
export async function pickLaunchTarget(engine: EngineRecord, engineCtx: EngineContext): Promise<{ target?: string } | undefined> {
  if (engine.kind !== 'lxd') return { target: undefined };
  const members = await listClusterMembers(engine, engineCtx).catch(() => undefined);
  if (!members) return { target: undefined };
  const any = { label: vscode.l10n.t('Any member (LXD chooses)'), description: '', name: undefined as string | undefined };
  const pick = await vscode.window.showQuickPick(
    [any, ...members.filter((m) => m.online).map((m) => ({ label: m.name, description: `${m.status} · ${m.roles.join(', ')}`, name: m.name as string | undefined }))],
    { placeHolder: vscode.l10n.t('Cluster member of {0} to create it on', engine.name) },
  );
  return pick && { target: pick.name };
}
