import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { showError } from '../platform/showError';
import { listContainers } from '../../containers/catalogReads';
import { ContainerActions } from '../../containers/containerActions';
import type { ContainerTreeNode } from './containerTreeNodes';
import type { ContainerTreeProvider } from './containerTreeProvider';
import type { EngineContext } from '../../containers/engineConnection';
import type { EngineRecord } from '../../containers/engineRecord';
import { getEngine, listEngines } from '../../containers/engineRegistry';
import { nameProblem } from '../../containers/objectRules';

/** What a command argument may be: a tree node, or an object naming things (keybindings, tests). */
export type CommandArg = ContainerTreeNode | Record<string, unknown> | undefined;

export interface ContainerRefArg {
  readonly engine: EngineRecord;
  readonly container: string;
}

/** Shared by every Containers command: catalog, engine context, the view, and the prompts. */
export class ContainerCommandContext {
  constructor(
    readonly deps: ExtensionDeps,
    readonly provider: ContainerTreeProvider,
    readonly engineCtx: EngineContext,
  ) {}

  async actions(): Promise<ContainerActions> {
    return new ContainerActions(await this.deps.catalog(), this.engineCtx);
  }

  /** Runs an engine action under a progress notification; errors go to the log and one short message. */
  run<T>(title: string, fn: () => PromiseLike<T>): Promise<T | undefined> {
    return this.guard(title, () => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, fn));
  }

  /** Errors go to the log and one short message (with Show Log); the view refreshes afterwards. */
  async guard<T>(title: string, fn: () => PromiseLike<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      void showError(this.deps.log, `${title} failed: ${(err as Error).message}`, err);
      return undefined;
    } finally {
      this.provider.refresh();
    }
  }

  /** The engine named by the argument, or picked by the user. `includeCatalog` offers the local catalog too. */
  async engine(arg: CommandArg, opts: { includeCatalog?: boolean; kinds?: string[]; placeHolder?: string } = {}): Promise<EngineRecord | undefined> {
    const catalog = await this.deps.catalog();
    if (arg && typeof arg === 'object') {
      const a = arg as Record<string, unknown>;
      if (a.type === 'engine') return (arg as Extract<ContainerTreeNode, { type: 'engine' }>).engine;
      if (typeof a.engine === 'string') return getEngine(catalog, a.engine);
    }
    const engines = (await listEngines(catalog)).filter(
      (e) => (opts.includeCatalog || e.kind !== 'catalog') && (!opts.kinds || opts.kinds.includes(e.kind)),
    );
    if (!engines.length) {
      void vscode.window.showInformationMessage('No engine is connected yet. Run "Connect Engine" first.');
      return undefined;
    }
    if (engines.length === 1) return engines[0];
    const pick = await vscode.window.showQuickPick(
      engines.map((e) => ({ label: e.name, description: `${e.kind} · ${e.endpoint ?? 'catalog only'}`, engine: e })),
      { placeHolder: opts.placeHolder ?? 'Engine' },
    );
    return pick?.engine;
  }

  /** The container named by the argument (node or {engine, container}), or picked by the user. */
  async container(arg: CommandArg, placeHolder = 'Container'): Promise<ContainerRefArg | undefined> {
    const catalog = await this.deps.catalog();
    if (arg && typeof arg === 'object') {
      const a = arg as Record<string, unknown>;
      if (a.type === 'container' && typeof a.name === 'string' && typeof a.engine === 'string') {
        return { engine: await getEngine(catalog, a.engine), container: a.name };
      }
      if (typeof a.engine === 'string' && typeof a.container === 'string') {
        return { engine: await getEngine(catalog, a.engine), container: a.container };
      }
    }
    const engine = await this.engine(arg, { includeCatalog: false });
    if (!engine) return undefined;
    const rows = await catalog.read((em) => listContainers(em, engine.id));
    const pick = await vscode.window.showQuickPick(
      rows.map((r) => ({ label: r.name, description: r.profiles.join(', '), name: r.name })),
      { placeHolder },
    );
    return pick ? { engine, container: pick.name } : undefined;
  }

  /** A string argument, or an input box with validation. */
  async text(arg: CommandArg, key: string, prompt: string, validate?: (v: string) => string | undefined, value?: string): Promise<string | undefined> {
    const given = arg && typeof arg === 'object' ? (arg as Record<string, unknown>)[key] : undefined;
    if (typeof given === 'string') {
      const err = validate?.(given);
      if (err) throw new Error(err);
      return given;
    }
    return vscode.window.showInputBox({ prompt, value, validateInput: (v) => validate?.(v) ?? undefined, ignoreFocusOut: true });
  }
}

export function requiredName(what: string): (v: string) => string | undefined {
  // The core's name rule (objectRules), the one the YAML import and the panels apply.
  return (v) => {
    if (!v.trim()) return `Enter a ${what}.`;
    const problem = nameProblem(v);
    return problem === 'has spaces or slashes' ? `A ${what} has no spaces or slashes.` : problem && `A ${what} ${problem}.`;
  };
}

/** Server certificates accepted on first use live in the extension's global storage, like `lxc`'s servercerts. */
export function extensionEngineContext(deps: ExtensionDeps): EngineContext {
  return { certDir: join(deps.context.globalStorageUri.fsPath, 'servercerts'), secrets: deps.secrets, logger: deps.log };
}
