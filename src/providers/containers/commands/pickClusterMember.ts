import * as vscode from 'vscode';
import { ArgumentError } from '../../common/commandArgs';
import type { EngineContext } from '../../../containers/engineConnection';
import type { EngineRecord } from '../../../containers/engineRecord';
import { listClusterMembers, type ClusterMember } from '../../../containers/lxdCluster';

/**
 * A member of `engine`'s cluster, asked from the cluster now (status and roles are live): `given` when the
 * caller named one (checked by the core), otherwise picked among those `offer` keeps. Undefined when the
 * user cancelled; rejects when the engine is not a cluster.
 */
export async function pickClusterMember(
  command: string,
  engine: EngineRecord,
  engineCtx: EngineContext,
  given: string | undefined,
  placeHolder: string,
  offer: (m: ClusterMember) => boolean = () => true,
): Promise<string | undefined> {
  if (given !== undefined) return given;
  const members = engine.kind === 'lxd' ? await listClusterMembers(engine, engineCtx) : undefined;
  if (!members) throw new ArgumentError(`${command}: ${engine.name} is not an LXD cluster.`);
  const offered = members.filter(offer);
  if (!offered.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No member of {0} can be chosen for this now.', engine.name));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    offered.map((m) => ({ label: m.name, description: `${m.status} · ${m.roles.join(', ')}`, detail: m.url, name: m.name })),
    { placeHolder },
  );
  return pick?.name;
}
