import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { ArgumentError, readArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { isEngineError } from '../../../containers/engineError';
import { listEngineObjects } from '../../../containers/engineObjectLists';
import { launchFromImageSource, simplestreamsSource, type LaunchResult } from '../../../containers/launchFromImageSource';
import { launchLocalImage, type LocalLaunchResult } from '../../../containers/launchLocalImage';
import { readImageSource } from '../../../images/readImageSource';
import { readLocalImage } from '../../../images/readLocalImage';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { pickLaunchTarget } from './pickLaunchTarget';
import { pickSimplestreamsSource } from './pickSimplestreamsSource';
import { LXD_INSTANCE_NAME } from '../../../shared/containerNames';

const ARGS = {
  engine: 'string',
  sourceId: 'string',
  name: { kind: 'string', max: 63 },
  profiles: 'string[]',
  /** `KEY=VALUE` each. */
  config: 'string[]',
  start: 'boolean',
  /** Path of the image server's certificate (PEM), for a server with its own CA or a self-signed one. */
  certificateFile: 'string',
  /** LXD cluster: the member to launch it on. */
  target: 'string',
  /** Instead of sourceId: the fingerprint of an image the engine holds. */
  image: { kind: 'string', max: 128 },
  /** Instead of sourceId: a downloaded local image, imported into the engine first (and kept there). */
  localImageId: 'string',
} as const;

/** An Image Sources view row, as its menu passes it (another capability's node: only what is read here). */
function asSourceNode(arg: unknown): { sourceId: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as { type?: unknown; id?: unknown; sourceId?: unknown };
  return o.type === 'source' && typeof o.id === 'string' && typeof o.sourceId === 'string' ? { sourceId: o.sourceId } : undefined;
}

function checkName(v: string): string | undefined {
  if (!v.trim()) return vscode.l10n.t('Enter a name for the instance.');
  return LXD_INSTANCE_NAME.test(v) ? undefined : vscode.l10n.t('An LXD instance name starts with a letter, has only letters, digits and "-", and does not end with "-" (at most 63).');
}

/**
 * `containerCatalog.containers.launchImageSource` — "Launch on LXD…" from the palette (asks for each part), or
 * `{ engine?, sourceId, name, profiles?, config?, start?, certificateFile?, target? }` (never asks: without
 * `engine` the only LXD engine, without `profiles` LXD's default profile)
 * (with `image` — a fingerprint the engine holds — or `localImageId` — imported first — instead of `sourceId`;
 * the Launch panel of an engine image or a local image sends those). LXD pulls the image from the row's
 * server itself; the operation is followed with progress and Cancel, and the new container is revealed in
 * the Containers view.
 */
export function launchImageSource(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asSourceNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersLaunchImageSource, arg, ARGS);
    const catalog = await ctx.catalog();
    const given = a ? [a.sourceId, a.image, a.localImageId].filter((x) => x !== undefined).length : 0;
    if (a && given !== 1) throw new ArgumentError(`${CommandIds.containersLaunchImageSource}: give exactly one of "sourceId", "image" (a fingerprint the engine holds) and "localImageId".`);
    if (a && a.engine === undefined && (a.image ?? a.localImageId) !== undefined) throw new ArgumentError(`${CommandIds.containersLaunchImageSource}: "engine" is required with "image" or "localImageId".`);
    if (a?.certificateFile !== undefined && a.sourceId === undefined) throw new ArgumentError(`${CommandIds.containersLaunchImageSource}: "certificateFile" goes with "sourceId" (an image server's certificate); an image the engine holds or a local image needs none.`);
    // An image the engine holds or a local image: no server, no certificate.
    const other = a?.image !== undefined ? { held: a.image } : a?.localImageId !== undefined ? { localId: a.localImageId } : undefined;
    const sourceId = other ? undefined : node?.sourceId ?? a?.sourceId ?? (await pickSimplestreamsSource(catalog, vscode.l10n.t('Image to launch on LXD')));
    if (!other && !sourceId) return undefined;
    const row = sourceId ? await readImageSource(catalog, sourceId) : undefined;
    if (sourceId && !row) throw new ArgumentError(`${CommandIds.containersLaunchImageSource}: no image source ${sourceId}.`);
    if (other?.localId !== undefined && !(await readLocalImage(catalog, other.localId))) throw new ArgumentError(`${CommandIds.containersLaunchImageSource}: no local image ${other.localId}.`);
    // Refuses a row that is not from a simplestreams server before anything is asked.
    const where = row && simplestreamsSource(row);
    const what = row ? row.name ?? row.distribution : other?.held ?? other?.localId ?? '';
    // Called by code (an argument object) nothing is asked: a missing engine is the only LXD one, profiles
    // LXD's default; anything else missing is refused. Only the palette and the tree prompt.
    if (a && a.name === undefined) throw new ArgumentError(`${CommandIds.containersLaunchImageSource}: "name" is required.`);
    const engine = a
      ? await ctx.engineOfArgs(CommandIds.containersLaunchImageSource, a.engine, ['lxd'])
      : await ctx.engine(undefined, { kinds: ['lxd'], placeHolder: vscode.l10n.t('LXD engine to launch {0} on', what) });
    if (!engine) return undefined;
    const name = await ctx.text(a?.name, vscode.l10n.t('Name of the new instance'), checkName);
    if (!name) return undefined;
    const placement = a ? { target: a.target } : await pickLaunchTarget(engine, ctx.engineCtx);
    if (!placement) return undefined;
    let profiles = a?.profiles ? [...a.profiles] : undefined;
    if (!profiles && !a) {
      const all = await listEngineObjects(catalog, engine.id, 'profiles');
      const picked = await vscode.window.showQuickPick(
        all.map((p) => ({ label: p.name, description: p.description, picked: p.name === 'default' })),
        { canPickMany: true, placeHolder: vscode.l10n.t('Profiles (applied in the order shown)') },
      );
      if (!picked) return undefined;
      profiles = picked.map((p) => p.label);
    }
    const config: Record<string, string> = {};
    for (const kv of a?.config ?? []) {
      const eq = kv.indexOf('=');
      if (eq < 1) throw new ArgumentError(`${CommandIds.containersLaunchImageSource}: "${kv}" is not KEY=VALUE.`);
      config[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    let start = a?.start;
    if (start === undefined && !a) {
      const yes = vscode.l10n.t('Start it');
      const no = vscode.l10n.t('Only create it');
      const pick = await vscode.window.showQuickPick([yes, no], { placeHolder: vscode.l10n.t('Start {0} after it is created?', name) });
      if (!pick) return undefined;
      start = pick === yes;
    }
    const certificateFile = a || !where ? a?.certificateFile : where.server.startsWith('https:') ? await askCertificate(where.server) : undefined;
    if (certificateFile === null) return undefined;
    const certificate = certificateFile === undefined ? undefined : await readFile(certificateFile, 'utf8');
    const run = {
      ...ctx.commandRun(vscode.l10n.t('Launch {0} on {1}', name, engine.name), a !== undefined, { progress: true, cancelled: (e: unknown) => isEngineError(e, 'cancelled') }),
      expected: (e: unknown) => isEngineError(e, 'api'),
    };
    const spec = { name, profiles, config, start, certificate, target: placement.target };
    const result = await runCommand(run, ({ signal, report }): Promise<LaunchResult | LocalLaunchResult> => {
      const opts = { signal, onProgress: (t: string) => report(t) };
      if (other?.localId !== undefined) return launchLocalImage(catalog, engine, ctx.engineCtx, other.localId, spec, opts);
      return launchFromImageSource(catalog, engine, ctx.engineCtx, other ? { fingerprint: other.held! } : sourceId!, spec, opts);
    });
    if (result) await ctx.provider.revealContainer(engine.id, result.name);
    return result satisfies LaunchResult | LocalLaunchResult | undefined;
  };
}

/** undefined: LXD's own trusted CAs; a path: that PEM; null: cancelled. */
async function askCertificate(server: string): Promise<string | undefined | null> {
  const system = vscode.l10n.t('Trust it as LXD does (its system CAs)');
  const file = vscode.l10n.t('Choose the server certificate (PEM)…');
  const pick = await vscode.window.showQuickPick([system, file], { placeHolder: vscode.l10n.t('How should LXD trust {0}?', server) });
  if (!pick) return null;
  if (pick === system) return undefined;
  const uri = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Use this certificate'), filters: { PEM: ['crt', 'pem', 'cer'] } });
  return uri?.[0]?.fsPath ?? null;
}
