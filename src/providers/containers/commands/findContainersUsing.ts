import * as vscode from 'vscode';
import { ArgumentError, readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import type { EngineRecord } from '../../../containers/engineRecord';
import { getEngine } from '../../../containers/engineRegistry';
import { findContainersUsing as findUsers, USAGE_KINDS } from '../../../containers/findContainersUsing';
import type { UsageKind } from '../../../containers/findContainersUsing';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { openText } from './textOutput';
import { listUsageTargets } from '../../../containers/usageTargets';

const COMMAND = CommandIds.containersFindUsing;
const ARGS = { kind: 'string', name: 'string', engine: 'string', pool: 'string', show: 'boolean' } as const;

/**
 * `containerCatalog.containers.findUsing` — a network, profile, volume or image node, or
 * `{ kind, name, engine?, pool?, show? }`, else picked from what the catalog knows (kind, then the network,
 * profile, volume or image of any engine). Resolves with the containers; from a node or the palette (or with
 * `show: true`) they are offered in a quick pick that opens one's effective config. Called by code with an
 * argument object nothing is asked: `kind` and `name` are required, `pool` too for a volume, and a profile's
 * engine is the only engine when not named.
 */
export function findContainersUsing(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(COMMAND, arg, ARGS);
    if (a?.kind !== undefined && !USAGE_KINDS.includes(a.kind as UsageKind)) throw new ArgumentError(`${COMMAND}: "kind" must be one of ${USAGE_KINDS.join(', ')}.`);
    return runCommand(ctx.commandRun(vscode.l10n.t('Find containers'), a !== undefined), async () => {
      const catalog = await ctx.catalog();
      let kind = requiredArg(a, 'kind') as UsageKind | undefined;
      let name = requiredArg(a, 'name');
      let pool = a?.pool;
      let engine: EngineRecord | undefined = a?.engine !== undefined ? await getEngine(catalog, a.engine) : undefined;
      if (node?.type === 'network' || node?.type === 'profile' || node?.type === 'volume') {
        kind = node.type;
        name = node.name;
        if (node.type === 'volume') pool = node.pool;
        engine = await getEngine(catalog, node.engine);
      } else if (node?.type === 'image') {
        kind = 'image';
        name = node.fingerprint;
        engine = await getEngine(catalog, node.engine);
      }
      if (!kind) {
        kind = (await vscode.window.showQuickPick([...USAGE_KINDS], { title: vscode.l10n.t('Find Containers Using…'), placeHolder: vscode.l10n.t('Find containers using a…') })) as UsageKind | undefined;
        if (!kind) return undefined;
      }
      if (!name) {
        // Offer what the catalog knows, of every engine, instead of asking to type a name or fingerprint.
        const targets = (await listUsageTargets(catalog, kind)).filter((t) => !engine || t.engineId === engine.id);
        if (!targets.length) {
          void vscode.window.showInformationMessage(vscode.l10n.t('The catalog knows no {0} yet: connect and sync an engine first.', kind));
          return undefined;
        }
        const pick = await vscode.window.showQuickPick(
          targets.map((t) => ({ label: t.label, description: t.engine, detail: t.kind === 'image' ? t.name : undefined, target: t })),
          { title: vscode.l10n.t('Find Containers Using: {0}', kind), placeHolder: vscode.l10n.t('Pick the {0}', kind), matchOnDescription: true, matchOnDetail: true },
        );
        if (!pick) return undefined;
        name = pick.target.name;
        pool = pick.target.pool ?? pool;
        engine = await getEngine(catalog, pick.target.engine);
      }
      if (kind === 'profile' && !engine) engine = await ctx.engine(undefined, { placeHolder: vscode.l10n.t('Engine of the profile'), args: a });
      if (kind === 'volume' && !pool) {
        requiredArg(a, 'pool', ' for a volume');
        pool = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Storage pool of the volume'), value: 'default' });
        if (!pool) return undefined;
      }
      const refs = await findUsers(catalog, { kind, name, engineId: engine?.id, pool });
      if (a === undefined || a.show === true) {
        const pick = await vscode.window.showQuickPick(
          refs.map((r) => ({ label: r.name, description: r.engine, ref: r })),
          { placeHolder: refs.length ? vscode.l10n.t('{0} container(s) use {1} {2} — pick one to see its effective config', refs.length, kind, name) : vscode.l10n.t('No container uses {0} {1}', kind, name) },
        );
        if (pick) await openText(await ctx.effectiveText(await getEngine(catalog, pick.ref.engine), pick.ref.name), 'yaml');
      }
      return refs;
    });
  };
}
