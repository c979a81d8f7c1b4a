import * as vscode from 'vscode';
import { ArgumentError, readArgs, requiredArg, confirmedByArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import type { EngineKind } from '../../../containers/engineRecord';
import { isEngineError } from '../../../containers/engineError';
import { listEngineObjects } from '../../../containers/engineObjectLists';
import { createEngineObject, deleteEngineObject, usersOf, type ManagedKind } from '../../../containers/manageEngineObjects';
import { listPoolVolumes } from '../../../containers/poolVolumes';
import { asNode, engineNameOf, requiredName, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

// The create and delete flows the six network/volume/profile commands share; each command file names its kind.

const KINDS: Record<ManagedKind, readonly EngineKind[]> = { network: ['lxd', 'podman', 'docker'], volume: ['lxd', 'podman', 'docker'], profile: ['lxd'] };
const CREATE_ARGS = { engine: 'string', name: 'string', pool: 'string', description: 'string', config: 'string[]' } as const;
const DELETE_ARGS = { engine: 'string', name: 'string', pool: 'string', confirmed: 'boolean' } as const;

function noun(kind: ManagedKind): string {
  return kind === 'network' ? vscode.l10n.t('network') : kind === 'volume' ? vscode.l10n.t('storage volume') : vscode.l10n.t('profile');
}

function parseConfig(command: string, pairs: readonly string[] | undefined): Record<string, string> {
  const config: Record<string, string> = {};
  for (const kv of pairs ?? []) {
    const eq = kv.indexOf('=');
    if (eq < 1) throw new ArgumentError(`${command}: "${kv}" is not KEY=VALUE.`);
    config[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return config;
}

/** Create a network, volume or profile: from an engine node, the palette, or `{ engine, name, pool?, description?, config? }`. */
export function createObjectCommand(ctx: ContainerCommandContext, kind: ManagedKind, command: string): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(command, arg, CREATE_ARGS);
    const config = parseConfig(command, a?.config);
    const engine = await ctx.engine(a?.engine ?? engineNameOf(node), { kinds: KINDS[kind], placeHolder: vscode.l10n.t('Engine to create the {0} on', noun(kind)), args: a });
    if (!engine) return undefined;
    if (!KINDS[kind].includes(engine.kind)) throw new ArgumentError(`${command}: ${engine.name} is a ${engine.kind} engine; it has no ${kind}s to create.`);
    const name = await ctx.text(requiredArg(a, 'name'), vscode.l10n.t('Name of the new {0}', noun(kind)), requiredName(vscode.l10n.t('{0} name', noun(kind))));
    if (!name) return undefined;
    let pool = a?.pool;
    if (kind === 'volume' && engine.kind === 'lxd' && pool === undefined) {
      const pools = await listEngineObjects(await ctx.catalog(), engine.id, 'storage');
      if (pools.length !== 1) requiredArg(a, 'pool', ` (${engine.name} has ${pools.length} storage pools)`);
      pool = pools.length === 1 ? pools[0].name : (await vscode.window.showQuickPick(pools.map((p) => ({ label: p.name, description: p.driver })), { placeHolder: vscode.l10n.t('Storage pool of the new volume') }))?.label;
      if (!pool) return undefined;
    }
    const catalog = await ctx.catalog();
    const run = { ...ctx.commandRun(vscode.l10n.t('Create {0} {1} on {2}', noun(kind), name, engine.name), a !== undefined), expected: (e: unknown) => isEngineError(e, 'api') };
    const done = await runCommand(run, async () => (await createEngineObject(catalog, engine, ctx.engineCtx, { kind, name, pool, description: a?.description, config }), true));
    return done ?? false;
  };
}

/**
 * Delete a network, volume or profile: from its node, the palette, or `{ engine, name, pool?, confirmed? }`.
 * The used-by answer comes first: while the catalog knows containers using it, they are named and nothing
 * is deleted; otherwise a modal confirmation (skipped with `confirmed: true`).
 */
export function deleteObjectCommand(ctx: ContainerCommandContext, kind: ManagedKind, command: string): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(command, arg, DELETE_ARGS);
    const catalog = await ctx.catalog();
    const engine = await ctx.engine(a?.engine ?? engineNameOf(node), { kinds: KINDS[kind], placeHolder: vscode.l10n.t('Engine of the {0}', noun(kind)), args: a });
    if (!engine) return false;
    let name = node && node.type === kind ? undefined : requiredArg(a, 'name');
    let pool = a?.pool;
    if (node && node.type === kind) {
      name = node.name;
      if (node.type === 'volume') pool = node.pool;
    }
    if (!name) {
      const items = kind === 'volume'
        ? (await Promise.all((await listEngineObjects(catalog, engine.id, 'storage')).map(async (p) => (await listPoolVolumes(catalog, engine.id, p.name)).filter((v) => v.type === 'custom').map((v) => ({ label: v.name, description: p.name })))))
          .flat()
        : (await listEngineObjects(catalog, engine.id, kind === 'network' ? 'networks' : 'profiles')).map((o) => ({ label: o.name, description: o.description }));
      const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('The {0} to delete', noun(kind)) });
      if (!pick) return false;
      name = pick.label;
      if (kind === 'volume') pool = pick.description;
    }
    const users = await usersOf(catalog, engine, { kind, name, pool });
    if (users.length && a === undefined) {
      await vscode.window.showWarningMessage(
        vscode.l10n.t('The {0} {1} is used by {2}. Remove it from them before deleting it.', noun(kind), name, users.map((u) => u.name).join(', ')),
        { modal: true },
      );
      return false;
    }
    if (!users.length && !confirmedByArgs(a)) {
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete the {0} {1} on {2}? No container in the catalog uses it.', noun(kind), name, engine.name),
        { modal: true },
        vscode.l10n.t('Delete'),
      );
      if (ok !== vscode.l10n.t('Delete')) return false;
    }
    const target = name;
    const run = { ...ctx.commandRun(vscode.l10n.t('Delete {0} {1}', noun(kind), target), a !== undefined), expected: (e: unknown) => isEngineError(e, 'api') };
    return (await runCommand(run, async () => (await deleteEngineObject(catalog, engine, ctx.engineCtx, { kind, name: target, pool }), true))) ?? false;
  };
}
