import type { EngineContext } from '../../containers/engineConnection';
import { getEngine } from '../../containers/engineRegistry';
import { listClusterMembers } from '../../containers/lxdCluster';
import { checkEnvEntry, parsePortMapping, RESTART_POLICIES, splitCommandLine } from '../../containers/runSpec';
import { containerNameProblem } from '../../shared/containerNames';
import type { Catalog } from '../../store/catalog';
import type { FieldErrors } from '../protocol';
import type { HandlerResult, PanelLogic } from '../panelSession';
import { parseLaunchPanelId, type LaunchSourceRef } from './launchPanelId';
import { loadLaunchView } from './loadLaunchView';
import type { LaunchEngine, LaunchLive, LaunchRequestMessage, LaunchView } from './protocol';
import { validateLaunchMessage } from './validateLaunchMessage';

/** The argument object of `containers.launchImageSource` (the command the palette and the tree run too). */
export interface LaunchImageSourceArgs {
  engine: string;
  /** One of sourceId (a simplestreams row), image (a fingerprint the engine holds), localImageId (imported first). */
  sourceId?: string;
  image?: string;
  localImageId?: string;
  name: string;
  profiles: string[];
  config: string[];
  start: boolean;
  target?: string;
  certificateFile?: string;
}

/** The argument object of `containers.runRegistryTag`. */
export interface RunRegistryTagArgs {
  engine: string;
  /** One of registry + repository + tag, image (an id or tag the engine holds), localImageId (imported first). */
  registry?: string;
  repository?: string;
  tag?: string;
  image?: string;
  localImageId?: string;
  name: string;
  ports: string[];
  env: string[];
  volumes: string[];
  network?: string;
  restart?: string;
  command?: string[];
  start: boolean;
}

/**
 * The existing launch and run commands, called with argument objects: one path from the tree, the palette,
 * the API and this panel (progress with Cancel, cleanup of a failed create, the new row revealed and
 * selected in the Containers view). Each resolves with the new container's name, undefined when the user
 * cancelled, and rejects with the engine's own refusal.
 */
export interface LaunchOperations {
  launchImageSource(args: LaunchImageSourceArgs): Promise<{ name: string } | undefined>;
  runRegistryTag(args: RunRegistryTagArgs): Promise<{ name: string } | undefined>;
}

/** The source keys of the command's argument object; undefined when the source cannot go to that kind of engine. */
function sourceArgs(ref: LaunchSourceRef, kind: LaunchEngine['kind']): { sourceId: string } | { registry: string; repository: string; tag: string } | { image: string } | { localImageId: string } | undefined {
  switch (ref.kind) {
    case 'imageSource':
      return kind === 'lxd' ? { sourceId: ref.sourceId } : undefined;
    case 'registryTag':
      return kind === 'lxd' ? undefined : { registry: ref.registryId, repository: ref.repository, tag: ref.tag };
    case 'engineImage':
      return { image: ref.fingerprint };
    case 'localImage':
      return { localImageId: ref.localId };
  }
}

const split = (text: string): string[] => text.split(',').map((s) => s.trim()).filter(Boolean);
const filled = (items: readonly string[]): string[] => items.map((s) => s.trim()).filter(Boolean);

/** Every field the form gets wrong, each with its own message; empty when the engine may be asked. */
export function launchFieldErrors(m: LaunchRequestMessage, engine: LaunchEngine | undefined): FieldErrors {
  const errors: FieldErrors = {};
  if (!engine) return { engine: `"${m.engine}" is not an engine that can take this source.` };
  const nameProblem = containerNameProblem(engine.kind, m.name);
  if (nameProblem) errors.name = nameProblem;
  const tryEach = (field: string, items: readonly string[], check: (s: string) => unknown): void => {
    for (const item of items) {
      try {
        check(item);
      } catch (e) {
        errors[field] = (e as Error).message;
        return;
      }
    }
  };
  if (engine.kind === 'lxd') {
    const profiles = split(m.profiles);
    const unknown = profiles.find((p) => !engine.profiles.includes(p));
    if (unknown !== undefined) errors.profiles = `${engine.name} has no profile "${unknown}" (it has ${engine.profiles.join(', ') || 'none'}).`;
    else if (new Set(profiles).size !== profiles.length) errors.profiles = 'A profile can be applied only once.';
    tryEach('config', filled(m.config), (kv) => {
      if (!/^[A-Za-z0-9_.-]+=/.test(kv)) throw new Error(`"${kv}" is not KEY=VALUE.`);
    });
    if (m.certificateFile.trim() && !m.certificateFile.trim().startsWith('/')) errors.certificateFile = 'Give the full path of the certificate file (PEM).';
  } else {
    tryEach('ports', split(m.ports), parsePortMapping);
    tryEach('env', filled(m.env), checkEnvEntry);
    tryEach('volumes', split(m.volumes), (v) => {
      if (!/^[^:\s]+:\/[^:]*(?::(?:ro|rw|z|Z))?$/.test(v)) throw new Error(`"${v}" is not VOLUME:/PATH or /HOST/PATH:/PATH (with :ro to mount it read-only).`);
    });
    if (m.network && !engine.networks.includes(m.network)) errors.network = `${engine.name} has no network "${m.network}".`;
    if (m.restart && !(RESTART_POLICIES as readonly string[]).includes(m.restart)) errors.restart = `The restart policy is one of ${RESTART_POLICIES.join(', ')}.`;
    tryEach('command', [m.command], splitCommandLine);
  }
  return errors;
}

/** Which field an engine's refusal is about, from its words; undefined when it is about none in particular. */
export function fieldOfRefusal(kind: LaunchEngine['kind'], message: string): string | undefined {
  if (/\bname\b|already exists|already in use/i.test(message)) return 'name';
  if (kind === 'lxd') {
    if (/\bprofiles?\b/i.test(message)) return 'profiles';
    if (/\bmember\b|\btarget\b/i.test(message)) return 'target';
    if (/certificate|x509|\.pem\b|\.crt\b/i.test(message)) return 'certificateFile';
    if (/\bconfig\b|\bkey\b/i.test(message)) return 'config';
    return undefined;
  }
  if (/\bports?\b|address already/i.test(message)) return 'ports';
  if (/\bvolumes?\b|\bmount|\bbinds?\b/i.test(message)) return 'volumes';
  if (/\bnetwork\b/i.test(message)) return 'network';
  if (/\brestart\b/i.test(message)) return 'restart';
  if (/\benv\b|environment/i.test(message)) return 'env';
  if (/executable|\bcommand\b|\$PATH/i.test(message)) return 'command';
  return undefined;
}

/**
 * The Launch panel: one form from an image-source row (LXD), a registry tag (Podman/Docker), an image an
 * engine holds (on that engine) or a downloaded local image (imported into the chosen engine first) to a new
 * container. Each field is checked as the engine would before anything is asked; then the same command
 * the tree and palette run creates it, and a refusal of the engine is put next to the field it concerns.
 */
export function launchPanelLogic(catalog: () => Promise<Catalog>, engineCtx: EngineContext, ops: LaunchOperations): PanelLogic<LaunchView, LaunchRequestMessage, LaunchLive> {
  return {
    noun: 'launch source',
    validate: validateLaunchMessage,
    load: async (id) => loadLaunchView(await catalog(), id),
    title: (v) => `Launch: ${v.source.label}`,
    live: async (_id, view) => {
      const members: Record<string, string[]> = {};
      const c = await catalog();
      for (const e of view.engines.filter((x) => x.kind === 'lxd')) {
        const list = await listClusterMembers(await getEngine(c, e.name), engineCtx).catch(() => undefined);
        if (list) members[e.name] = list.filter((x) => x.online).map((x) => x.name);
      }
      return { members };
    },
    handle: async (m, { id, view }): Promise<HandlerResult> => {
      const engine = view.engines.find((e) => e.name === m.engine);
      const errors = launchFieldErrors(m, engine);
      if (!engine || Object.keys(errors).length) return { ok: false, message: 'Nothing was created: see the message next to the field.', fieldErrors: errors };
      const ref = parseLaunchPanelId(id);
      const name = m.name.trim();
      // Which engine path runs follows the engine (LXD launches, Podman/Docker run); the source part of the
      // argument object follows the panel's source.
      const source = ref && sourceArgs(ref, engine.kind);
      if (!source) return { ok: false, message: 'This panel names no source it can launch.' };
      let result: { name: string } | undefined;
      try {
        if (engine.kind === 'lxd') {
          result = await ops.launchImageSource({
            engine: engine.name,
            ...source,
            name,
            profiles: split(m.profiles),
            config: filled(m.config),
            start: m.start,
            ...(m.target ? { target: m.target } : {}),
            ...(m.certificateFile.trim() && ref?.kind === 'imageSource' ? { certificateFile: m.certificateFile.trim() } : {}),
          });
        } else {
          const command = splitCommandLine(m.command);
          result = await ops.runRegistryTag({
            engine: engine.name,
            ...source,
            name,
            ports: split(m.ports),
            env: filled(m.env),
            volumes: split(m.volumes),
            start: m.start,
            ...(m.network ? { network: m.network } : {}),
            ...(m.restart ? { restart: m.restart } : {}),
            ...(command.length ? { command } : {}),
          });
        }
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const field = fieldOfRefusal(engine.kind, message);
        return { ok: false, message: `${engine.name} refused: ${message}`, fieldErrors: field ? { [field]: message } : undefined };
      }
      if (!result) return { ok: false, message: ref?.kind === 'localImage' ? 'Cancelled; no container was left behind (an image already imported stays in the engine).' : 'Cancelled; nothing was left behind.' };
      return { ok: true, message: `${result.name} was created on ${engine.name}${m.start ? ' and started' : ''}; it is selected in the Containers view.` };
    },
  };
}
