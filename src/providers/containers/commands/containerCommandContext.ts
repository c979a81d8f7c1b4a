import { join } from 'node:path';
import { confirmHostKey } from '../confirmHostKey';
import * as vscode from 'vscode';
import type { ExtensionDeps } from '../../platform/extensionDeps';
import { ArgumentError, commandOfArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import type { CommandRun } from '../../common/runCommand';
import type { ContainerActions } from '../../../containers/containerActions';
import { readContainerDetails } from '../../../containers/containerDetails';
import type { ContainerDetails } from '../../../containers/containerDetails';
import { listContainerSummaries } from '../../../containers/containerSummaries';
import type { EngineContext } from '../../../containers/engineConnection';
import { listEngineObjects } from '../../../containers/engineObjectLists';
import { ENGINE_KINDS } from '../../../containers/engineRecord';
import type { EngineKind, EngineRecord } from '../../../containers/engineRecord';
import { getEngine, listEngines } from '../../../containers/engineRegistry';
import { LOCAL_CATALOG_ENGINE_NAME } from '../../../entities/engineNames';
import type { Catalog } from '../../../store/catalog';
import type { ContainerTreeNode } from '../containerTreeNodes';
import type { ContainerTreeProvider } from '../containerTreeProvider';
import { nameProblem } from '../../../containers/objectRules';

export type { CommandHandler } from '../../common/runCommand';

const NODE_TYPES: ReadonlySet<string> = new Set<ContainerTreeNode['type']>([
  'engine', 'container', 'member', 'section', 'configKey', 'device', 'profileRef', 'snapshot', 'group', 'profile', 'network', 'pool', 'volume', 'image', 'imageFact', 'certificate', 'serverConfig', 'file', 'message',
]);

/** A node of the Containers view, as menus pass it: recognised by its `type` and `id`, before any argument object is read. */
export function asNode(arg: unknown): ContainerTreeNode | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as { type?: unknown; id?: unknown };
  return typeof o.type === 'string' && NODE_TYPES.has(o.type) && typeof o.id === 'string' ? (arg as ContainerTreeNode) : undefined;
}

/** The engine a node belongs to, by name (an engine node carries its record instead). */
export function engineNameOf(node: ContainerTreeNode | undefined): string | undefined {
  if (node?.type === 'engine') return node.engine.name;
  return node && 'engine' in node && typeof node.engine === 'string' ? node.engine : undefined;
}

export interface ContainerRefArg {
  readonly engine: EngineRecord;
  readonly container: string;
}

/**
 * What is particular to the Containers commands: the catalog, the engine context, the view, and the
 * quick picks that ask for an engine, a container or a profile when no node or argument names one.
 * The generic part (progress, errors, rejection for callers with an argument object) is runCommand's.
 */
export class ContainerCommandContext {
  constructor(
    readonly deps: ExtensionDeps,
    readonly provider: ContainerTreeProvider,
    readonly engineCtx: EngineContext,
  ) {}

  catalog(): Promise<Catalog> {
    return this.deps.catalog();
  }

  async actions(): Promise<ContainerActions> {
    const { ContainerActions } = await import('../../../containers/containerActions.js');
    return new ContainerActions(await this.catalog(), this.engineCtx);
  }

  /** runCommand's options for a Containers command: errors to the log, the view refreshed after. */
  commandRun(title: string, programmatic: boolean, more: Partial<Pick<CommandRun, 'progress' | 'cancelled'>> = {}): CommandRun {
    return { title, log: this.deps.log, programmatic, after: () => this.provider.refresh(), ...more };
  }

  /**
   * Runs an engine action under a notification. Engine actions cannot be stopped half-way, so there is no
   * Cancel button (runCommand's progress has one).
   */
  async progress<T>(title: string, fn: () => PromiseLike<T>): Promise<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, fn);
  }

  /**
   * An engine action (start, set a key, apply a profile…). From the palette or a menu it resolves true once
   * the engine applied it and false when it refused or failed (the message says why). Called by code with an
   * argument object (another extension, the API, a keybinding) it resolves true or rejects with the
   * engine's error, the rule every command follows.
   */
  async runAction(title: string, arg: unknown, fn: () => Promise<unknown>): Promise<boolean> {
    const programmatic = arg !== undefined && asNode(arg) === undefined;
    return (await runCommand(this.commandRun(title, programmatic), () => this.progress(title, async () => (await fn(), true)))) ?? false;
  }

  /**
   * The engine named `name`, or picked by the user. `includeCatalog` offers the local catalog too. `args` is the
   * command's argument object, if any: with one, nothing is picked (engineOfArgs: the only engine of `kinds`).
   */
  async engine(name: string | undefined, opts: { includeCatalog?: boolean; kinds?: readonly EngineKind[]; placeHolder?: string; args?: unknown } = {}): Promise<EngineRecord | undefined> {
    const catalog = await this.catalog();
    if (name !== undefined) return getEngine(catalog, name);
    const command = commandOfArgs(opts.args);
    if (command !== undefined) return this.engineOfArgs(command, undefined, opts.kinds ?? (opts.includeCatalog ? [...ENGINE_KINDS, 'catalog'] : ENGINE_KINDS));
    const engines = (await listEngines(catalog)).filter(
      (e) => (opts.includeCatalog || e.kind !== 'catalog') && (!opts.kinds || opts.kinds.includes(e.kind)),
    );
    if (!engines.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No engine is connected yet. Run "Connect Engine" first.'));
      return undefined;
    }
    if (engines.length === 1) return engines[0];
    const pick = await vscode.window.showQuickPick(
      engines.map((e) => ({ label: e.name, description: `${e.kind} · ${e.endpoint ?? 'catalog only'}`, engine: e })),
      { placeHolder: opts.placeHolder ?? vscode.l10n.t('Engine') },
    );
    return pick?.engine;
  }

  /**
   * The engine of a command called by code with an argument object: the one `name` says (refused when it is
   * not of `kinds`), or, without `name`, the only engine of `kinds`. Never a prompt: code called it, so
   * anything else is an ArgumentError naming `command`.
   */
  async engineOfArgs(command: string, name: string | undefined, kinds: readonly EngineKind[]): Promise<EngineRecord> {
    const catalog = await this.catalog();
    if (name !== undefined) {
      const e = await getEngine(catalog, name);
      if (!kinds.includes(e.kind)) throw new ArgumentError(`${command}: "${name}" is a ${e.kind} engine; this takes ${kinds.join(' or ')}.`);
      return e;
    }
    const engines = (await listEngines(catalog)).filter((e) => kinds.includes(e.kind));
    if (engines.length === 1) return engines[0];
    throw new ArgumentError(
      engines.length
        ? `${command}: "engine" is required when several ${kinds.join('/')} engines are connected (${engines.map((e) => e.name).join(', ')}).`
        : `${command}: no ${kinds.join(' or ')} engine is connected.`,
    );
  }

  /** The local catalog's engine (drafts live there). */
  async localCatalog(): Promise<EngineRecord | undefined> {
    return (await listEngines(await this.catalog())).find((e) => e.name === LOCAL_CATALOG_ENGINE_NAME);
  }

  /**
   * The container a command is about: from a node naming one (a container or anything inside it), from
   * `{ engine, container }`, or picked (from `engine`'s containers when only the engine is named). An argument
   * object (readArgs's) is never completed by a pick: `container` is required, `engine` may be left out only
   * when one engine is connected.
   */
  async container(node: ContainerTreeNode | undefined, given: { engine?: string; container?: string } | undefined, placeHolder = 'Container'): Promise<ContainerRefArg | undefined> {
    const catalog = await this.catalog();
    if (node?.type === 'container') return { engine: await getEngine(catalog, node.engine), container: node.name };
    if (node && 'container' in node && typeof node.container === 'string') return { engine: await getEngine(catalog, node.engine), container: node.container };
    if (given?.engine !== undefined && given.container !== undefined) return { engine: await getEngine(catalog, given.engine), container: given.container };
    const command = node ? undefined : commandOfArgs(given);
    if (command !== undefined) {
      if (given?.container === undefined) throw new ArgumentError(`${command}: "container" is required.`);
      return { engine: await this.engineOfArgs(command, undefined, ENGINE_KINDS), container: given.container };
    }
    const engine = node?.type === 'engine' ? node.engine : await this.engine(node ? engineNameOf(node) : given?.engine, { includeCatalog: false });
    if (!engine) return undefined;
    const rows = await listContainerSummaries(catalog, { engineId: engine.id });
    const pick = await vscode.window.showQuickPick(
      rows.map((r) => ({ label: r.name, description: r.profiles.join(', '), name: r.name })),
      { placeHolder },
    );
    return pick ? { engine, container: pick.name } : undefined;
  }

  /** A profile from a profile node, a container's profile reference, `{ engine, profile }`, or picked. */
  async profile(node: ContainerTreeNode | undefined, given: { engine?: string; profile?: string } | undefined, placeHolder: string, includeCatalog = false): Promise<{ engine: EngineRecord; profile: string } | undefined> {
    const catalog = await this.catalog();
    if (node?.type === 'profile') return { engine: await getEngine(catalog, node.engine), profile: node.name };
    if (node?.type === 'profileRef') return { engine: await getEngine(catalog, node.engine), profile: node.profile };
    const engineName = node ? engineNameOf(node) : given?.engine;
    // An argument object (readArgs's) is never completed by a pick: `profile` is required, `engine` only
    // when several engines could hold it.
    const command = node ? undefined : commandOfArgs(given);
    if (command !== undefined && given?.profile === undefined) throw new ArgumentError(`${command}: "profile" is required.`);
    const kinds: readonly EngineKind[] = includeCatalog ? ['lxd', 'catalog'] : ['lxd'];
    const engine =
      engineName !== undefined
        ? await getEngine(catalog, engineName)
        : await this.engine(undefined, { includeCatalog, kinds, placeHolder: vscode.l10n.t('Engine of the profile'), args: given });
    if (!engine) return undefined;
    if (given?.profile !== undefined) return { engine, profile: given.profile };
    const profiles = (await listEngineObjects(catalog, engine.id, 'profiles')).map((p) => p.name);
    const profile = await vscode.window.showQuickPick(profiles, { placeHolder });
    return profile ? { engine, profile } : undefined;
  }

  /** A container's details from the catalog (what the pickers of its profiles, keys, devices and snapshots offer). */
  async details(ref: ContainerRefArg): Promise<ContainerDetails | undefined> {
    return readContainerDetails(await this.catalog(), ref.engine.id, ref.container);
  }

  /** The effective config of a container as commented YAML. */
  async effectiveText(engine: EngineRecord, name: string): Promise<string> {
    const d = await readContainerDetails(await this.catalog(), engine.id, name);
    if (!d) throw new Error(`No container "${name}" in ${engine.name}.`);
    const { effectiveConfigYaml } = await import('../../../containers/effectiveConfigYaml.js');
    return effectiveConfigYaml(`${name} (${engine.name})`, d.container.profiles, d.effective);
  }

  /** A string given by the caller (validated), or an input box with validation. */
  async text(given: string | undefined, prompt: string, validate?: (v: string) => string | undefined, value?: string): Promise<string | undefined> {
    if (given !== undefined) {
      const err = validate?.(given);
      if (err) throw new Error(err);
      return given;
    }
    return vscode.window.showInputBox({ prompt, value, validateInput: (v) => validate?.(v) ?? undefined, ignoreFocusOut: true });
  }
}

/** `what` is a translated noun phrase ("container name"). */
export function requiredName(what: string): (v: string) => string | undefined {
  // The core's name rule (objectRules), the one the YAML import and the panels apply.
  return (v) => {
    if (!v.trim()) return vscode.l10n.t('Enter a {0}.', what);
    const problem = nameProblem(v);
    return problem === 'has spaces or slashes' ? vscode.l10n.t('A {0} has no spaces or slashes.', what) : problem && vscode.l10n.t('A {0} {1}.', what, problem);
  };
}

/**
 * Server certificates accepted on first use live in the extension's global storage, like `lxc`'s servercerts;
 * SSH host keys the user confirmed go to a known_hosts file there.
 */
export function extensionEngineContext(deps: ExtensionDeps): EngineContext {
  return { certDir: join(deps.context.globalStorageUri.fsPath, 'servercerts'), secrets: deps.secrets, logger: deps.log, confirmHostKey };
}
