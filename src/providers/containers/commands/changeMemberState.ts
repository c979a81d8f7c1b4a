import * as vscode from 'vscode';
import { readArgs, requiredArg, confirmedByArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { isEngineError } from '../../../containers/engineError';
import { getEngine } from '../../../containers/engineRegistry';
import { changeMemberState as change, type MemberAction } from '../../../containers/lxdCluster';
import { asNode, engineNameOf, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { pickClusterMember } from './pickClusterMember';

const ARGS = { engine: 'string', member: 'string', confirmed: 'boolean' } as const;

/**
 * `containerCatalog.containers.evacuateMember` / `.restoreMember` — a member node of an LXD cluster, the
 * palette, or `{ engine, member, confirmed? }`. Asks first (modal) unless `confirmed: true`: evacuating
 * moves or stops every instance of the member.
 */
export function changeMemberState(ctx: ContainerCommandContext, action: MemberAction): CommandHandler {
  const id = action === 'evacuate' ? CommandIds.containersEvacuateMember : CommandIds.containersRestoreMember;
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(id, arg, ARGS);
    const catalog = await ctx.catalog();
    const engine =
      node?.type === 'engine'
        ? node.engine
        : node
          ? await getEngine(catalog, engineNameOf(node)!)
          : await ctx.engine(a?.engine, { kinds: ['lxd'], placeHolder: vscode.l10n.t('LXD cluster'), args: a });
    if (!engine) return false;
    const given = node?.type === 'member' ? node.member.name : requiredArg(a, 'member');
    const member = await pickClusterMember(
      id, engine, ctx.engineCtx, given,
      action === 'evacuate' ? vscode.l10n.t('Cluster member to evacuate') : vscode.l10n.t('Cluster member to restore'),
      (m) => (action === 'evacuate' ? m.online : m.status === 'Evacuated'),
    );
    if (!member) return false;
    if (!confirmedByArgs(a)) {
      const yes = action === 'evacuate' ? vscode.l10n.t('Evacuate') : vscode.l10n.t('Restore');
      const text =
        action === 'evacuate'
          ? vscode.l10n.t('Evacuate {0} of {1}? Its instances are moved to other members (or stopped), and no new instance is placed on it until it is restored.', member, engine.name)
          : vscode.l10n.t('Restore {0} of {1}? The instances evacuated from it come back and are started as they were.', member, engine.name);
      if ((await vscode.window.showWarningMessage(text, { modal: true }, yes)) !== yes) return false;
    }
    const title = action === 'evacuate' ? vscode.l10n.t('Evacuate {0}', member) : vscode.l10n.t('Restore {0}', member);
    const run = { ...ctx.commandRun(title, a !== undefined, { progress: true }), expected: (e: unknown) => isEngineError(e, 'api') };
    return (await runCommand(run, async () => (await change(catalog, engine, ctx.engineCtx, { member, action }), true))) ?? false;
  };
}
