import * as vscode from 'vscode';
import { ArgumentError, readArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { isEngineError } from '../../../containers/engineError';
import type { EngineRecord } from '../../../containers/engineRecord';
import { listEngineObjects } from '../../../containers/engineObjectLists';
import { launchLocalImage, type LocalLaunchResult } from '../../../containers/launchLocalImage';
import { pullSourceFor, type PullSource } from '../../../containers/registryPull';
import { readLocalImage } from '../../../images/readLocalImage';
import { runRegistryImage, type RunResult } from '../../../containers/runRegistryImage';
import { checkEnvEntry, parsePortMapping, RESTART_POLICIES, type PortMapping, type RestartPolicy } from '../../../containers/runSpec';
import { credentialsFromSecrets } from '../../../images/registryCredentials';
import { isRegistryError } from '../../../registries/registryError';
import { RegistryService } from '../../../registries/registryService';
import type { CommandHandler, ContainerCommandContext } from './containerCommandContext';
import { asTagNode, describePull, pickTag } from './registryTagArg';
import { ENGINE_CONTAINER_NAME } from '../../../shared/containerNames';

const ARGS = {
  engine: 'string',
  /** The registry's id or URL. */
  registry: 'string',
  repository: { kind: 'string', max: 256 },
  tag: { kind: 'string', max: 160 },
  name: { kind: 'string', max: 128 },
  ports: 'string[]',
  env: 'string[]',
  volumes: 'string[]',
  network: 'string',
  restart: 'string',
  command: 'string[]',
  start: 'boolean',
  /** Instead of registry/repository/tag: an image the engine holds (its id or a tag). */
  image: { kind: 'string', max: 256 },
  /** Instead of registry/repository/tag: a downloaded local image, imported into the engine first (and kept there). */
  localImageId: 'string',
} as const;

function checkName(v: string): string | undefined {
  if (!v.trim()) return vscode.l10n.t('Enter a name for the container.');
  return ENGINE_CONTAINER_NAME.test(v) ? undefined : vscode.l10n.t('A container name starts with a letter or digit and has only letters, digits, "_", "." and "-".');
}

/**
 * `containerCatalog.containers.runRegistryTag` — "Run…" from the palette (asks for each part), or with
 * `{ engine?, registry, repository, tag, name, ports?, env?, volumes?, network?, restart?, command?, start? }`
 * (never asks: without `engine` the only Podman/Docker engine)
 * (with `image` — an image the engine holds — or `localImageId` — imported first — instead of the tag; the
 * Launch panel of an engine image or a local image sends those).
 * Pulls the tag into a Podman/Docker engine with the registry's saved login (read here from SecretStorage),
 * shows progress per layer with Cancel, runs the container, and reveals it in the Containers view.
 */
export function runRegistryTag(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asTagNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersRunRegistryTag, arg, ARGS);
    const programmatic = a !== undefined;
    const registries = new RegistryService({ catalog: () => ctx.catalog(), secrets: ctx.deps.secrets, log: ctx.deps.log });
    try {
      const other = a && (a.image !== undefined || a.localImageId !== undefined) ? await otherSource(ctx, a) : undefined;
      // Asked first, so nothing is pulled before every answer is in.
      const target = other ? undefined : node ? { registry: node.registryId, repository: node.repository, tag: node.tag } : await pickTag(registries, CommandIds.containersRunRegistryTag, a);
      if (!other && !target) return undefined;
      const what = target ? `${target.repository}:${target.tag}` : other!.label;
      // Called by code nothing is asked: a missing engine is the only Podman/Docker one; a missing name is refused.
      if (a && a.name === undefined) throw new ArgumentError(`${CommandIds.containersRunRegistryTag}: "name" is required.`);
      const engine = a
        ? await ctx.engineOfArgs(CommandIds.containersRunRegistryTag, a.engine, ['podman', 'docker'])
        : await ctx.engine(undefined, { kinds: ['podman', 'docker'], placeHolder: vscode.l10n.t('Engine to run {0} on', what) });
      if (!engine) return undefined;
      const name = await ctx.text(a?.name, vscode.l10n.t('Name of the new container'), checkName, suggestName(target?.repository ?? other!.label));
      if (!name) return undefined;
      const ports = a ? parseAll(a.ports ?? [], parsePortMapping) : await askPorts();
      if (!ports) return undefined;
      const env = a ? parseAll(a.env ?? [], checkEnvEntry) : await askEnv();
      if (!env) return undefined;
      const network = a ? a.network : await askNetwork(ctx, engine);
      if (network === null) return undefined;
      if (a?.restart !== undefined && !RESTART_POLICIES.includes(a.restart as RestartPolicy)) {
        throw new ArgumentError(`${CommandIds.containersRunRegistryTag}: "restart" must be one of ${RESTART_POLICIES.join(', ')}.`);
      }
      const source = target ? await registrySource(ctx, registries, target) : { held: other!.held ?? '' };
      const spec = { name, ports, env, binds: a?.volumes, network, restart: a?.restart as RestartPolicy | undefined, command: a?.command, start: a?.start };
      const catalog = await ctx.catalog();
      const run = {
        ...ctx.commandRun(vscode.l10n.t('Run {0} on {1}', 'held' in source ? other!.label : source.reference, engine.name), programmatic, { progress: true, cancelled: (e: unknown) => isEngineError(e, 'cancelled') }),
        expected: (e: unknown) => isEngineError(e, 'api') || isRegistryError(e),
      };
      const result = await runCommand(run, ({ signal, report }): Promise<RunResult | LocalLaunchResult> =>
        other?.localId !== undefined
          ? launchLocalImage(catalog, engine, ctx.engineCtx, other.localId, spec, { signal, onProgress: (t) => report(t) })
          : runRegistryImage(catalog, engine, ctx.engineCtx, source, spec, {
            signal,
            onProgress: (p) => report(p.pull ? describePull(p.pull) : describePhase(p.phase, name)),
          }),
      );
      if (result) await ctx.provider.revealContainer(engine.id, result.name);
      return result satisfies RunResult | LocalLaunchResult | undefined;
    } finally {
      registries.dispose();
    }
  };
}

async function registrySource(ctx: ContainerCommandContext, registries: RegistryService, target: { registry: string; repository: string; tag: string }): Promise<PullSource> {
  const row = await registries.get(target.registry);
  return pullSourceFor(row, target.repository, target.tag, await credentialsFromSecrets(ctx.deps.secrets)(row));
}

/** `image` (held by the engine) or `localImageId` (imported first), never with a registry tag: checked before anything is asked. */
async function otherSource(ctx: ContainerCommandContext, a: { registry?: string; repository?: string; tag?: string; engine?: string; image?: string; localImageId?: string }): Promise<{ label: string; held?: string; localId?: string }> {
  const id = CommandIds.containersRunRegistryTag;
  if (a.image !== undefined && a.localImageId !== undefined) throw new ArgumentError(`${id}: give "image" or "localImageId", not both.`);
  if (a.registry !== undefined || a.repository !== undefined || a.tag !== undefined) throw new ArgumentError(`${id}: "image" and "localImageId" replace "registry", "repository" and "tag"; give one source.`);
  if (a.engine === undefined) throw new ArgumentError(`${id}: "engine" is required with "image" or "localImageId".`);
  if (a.image !== undefined) return { label: a.image, held: a.image };
  const row = await readLocalImage(await ctx.catalog(), a.localImageId!);
  if (!row) throw new ArgumentError(`${id}: no local image ${a.localImageId}.`);
  return { label: row.name, localId: row.id };
}

function parseAll<T>(items: readonly string[], parse: (s: string) => T): T[] {
  try {
    return items.map(parse);
  } catch (e) {
    throw new ArgumentError(`${CommandIds.containersRunRegistryTag}: ${(e as Error).message}`);
  }
}

async function askPorts(): Promise<PortMapping[] | undefined> {
  const split = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);
  const text = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Ports to publish, comma-separated (empty for none)'),
    placeHolder: vscode.l10n.t('127.0.0.1:8080:80, 5353:53/udp'),
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        split(v).forEach(parsePortMapping);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  return text === undefined ? undefined : split(text).map(parsePortMapping);
}

/** One variable per input box, so values may hold commas and spaces; an empty box ends the list. */
async function askEnv(): Promise<string[] | undefined> {
  const out: string[] = [];
  for (;;) {
    const v = await vscode.window.showInputBox({
      prompt: out.length ? vscode.l10n.t('Another environment variable KEY=VALUE (empty when done; {0} so far)', out.length) : vscode.l10n.t('Environment variable KEY=VALUE (empty for none)'),
      ignoreFocusOut: true,
      validateInput: (s) => {
        if (!s) return undefined;
        try {
          checkEnvEntry(s);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    if (v === undefined) return undefined;
    if (!v) return out;
    out.push(v);
  }
}

/** A network from the catalog's list for the engine; undefined = the engine's default, null = cancelled. */
async function askNetwork(ctx: ContainerCommandContext, engine: EngineRecord): Promise<string | undefined | null> {
  const networks = await listEngineObjects(await ctx.catalog(), engine.id, 'networks');
  if (!networks.length) return undefined;
  const pick = await vscode.window.showQuickPick(
    [{ label: vscode.l10n.t('Engine default'), network: undefined as string | undefined }, ...networks.map((n) => ({ label: n.name, description: n.description, network: n.name as string | undefined }))],
    { placeHolder: vscode.l10n.t('Network') },
  );
  return pick ? pick.network : null;
}

function suggestName(repository: string): string {
  return repository.split('/').pop()!.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

function describePhase(phase: string, name: string): string {
  switch (phase) {
    case 'pull':
      return vscode.l10n.t('Pulling…');
    case 'create':
      return vscode.l10n.t('Creating {0}…', name);
    case 'start':
      return vscode.l10n.t('Starting {0}…', name);
    default:
      return vscode.l10n.t('Updating the catalog…');
  }
}
