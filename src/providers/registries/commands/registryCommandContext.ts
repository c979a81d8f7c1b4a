import * as vscode from 'vscode';
import { isRegistryError } from '../../../registries/registryError';
import type { RegistryService } from '../../../registries/registryService';
import type { RegistryTreeProvider } from '../registryTreeProvider';
import type { RegistryTreeNode } from '../registryTreeNodes';
import { RegistryUrlError } from '../../../registries/registryUrl';
import { showError } from '../../platform/showError';

/** What every registries command works with. */
export interface RegistryCommandContext {
  readonly service: RegistryService;
  readonly tree: RegistryTreeProvider;
  readonly log: vscode.LogOutputChannel;
}

/** What a command's registration calls: the palette and menus pass a node or nothing, code passes an argument object. */
export type CommandHandler = (arg?: unknown) => Promise<unknown>;

/** Argument objects come from keybindings, other extensions and tests: untrusted, so read field by field. */
export type ArgObject = Readonly<Record<string, unknown>>;

export function asArgObject(arg: unknown): ArgObject | undefined {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) ? (arg as ArgObject) : undefined;
}

export function stringField(arg: ArgObject | undefined, key: string, max = 4096): string | undefined {
  const v = arg?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ArgumentError(`"${key}" must be a string.`);
  if (v.length > max) throw new ArgumentError(`"${key}" is longer than ${max} characters.`);
  return v;
}

export function booleanField(arg: ArgObject | undefined, key: string): boolean | undefined {
  const v = arg?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ArgumentError(`"${key}" must be true or false.`);
  return v;
}

/** A tree node passed by a menu: recognised by its `type`. */
export function asNode(arg: unknown): RegistryTreeNode | undefined {
  const o = asArgObject(arg);
  const t = o?.type;
  return t === 'registry' || t === 'repository' || t === 'tag' || t === 'more' || t === 'message' ? (arg as RegistryTreeNode) : undefined;
}

/** The registry a command is about: from a tree node, `{ id }`, `{ url }`, or a bare id/URL string. */
export function registryRefFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg || undefined;
  const node = asNode(arg);
  if (node) {
    if (node.type === 'registry') return node.registry.id;
    if (node.type === 'repository' || node.type === 'tag') return node.registryId;
    if (node.type === 'message') return node.registryId;
    return undefined;
  }
  const o = asArgObject(arg);
  return stringField(o, 'id', 200) ?? stringField(o, 'registry', 2048) ?? stringField(o, 'url', 2048);
}

export class ArgumentError extends Error {
  constructor(message: string) {
    super(`Invalid command argument: ${message}`);
    this.name = 'ArgumentError';
  }
}

/** Asks for a registry with a quick pick; undefined when cancelled or none exist. */
export async function pickRegistry(ctx: RegistryCommandContext, title: string, filter: (r: { loggedIn: boolean }) => boolean = () => true): Promise<string | undefined> {
  const registries = (await ctx.service.list()).filter(filter);
  if (!registries.length) {
    void vscode.window.showInformationMessage('No registry fits; add one first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    registries.map((r) => ({ label: r.name, description: r.url, detail: r.loggedIn ? `logged in as ${r.username}` : 'anonymous', id: r.id })),
    { title, placeHolder: 'Registry', matchOnDescription: true },
  );
  return picked?.id;
}

/**
 * Runs a command body. Called with an argument object (keybinding, test, other extension), failures
 * reject so the caller sees them; from the palette or a menu they become a short message with
 * "Show Log" instead. The user's own cancellation is silent.
 */
export async function runCommand<T>(ctx: RegistryCommandContext, what: string, programmatic: boolean, body: () => Promise<T>): Promise<T | undefined> {
  try {
    return await body();
  } catch (e) {
    if (isRegistryError(e, 'cancelled')) return undefined;
    if (programmatic) throw e;
    const expected = isRegistryError(e) || e instanceof RegistryUrlError || e instanceof ArgumentError;
    // Not awaited: showError waits for the notification to be dismissed.
    void showError(ctx.log, expected ? `${what}: ${(e as Error).message}` : `${what} failed unexpectedly.`, e);
    return undefined;
  }
}

/** An AbortSignal that follows a VS Code cancellation token. */
export function signalOf(token: vscode.CancellationToken): AbortSignal {
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  token.onCancellationRequested(() => ac.abort());
  return ac.signal;
}
