import * as vscode from 'vscode';
import { isRegistryError } from '../../../registries/registryError';
import type { RegistryService } from '../../../registries/registryService';
import type { RegistryTreeProvider } from '../registryTreeProvider';
import type { RegistryTreeNode } from '../registryTreeNodes';
import { RegistryUrlError } from '../../../registries/registryUrl';
import { readArgs, type ArgSpec, type ArgsOf } from '../../common/commandArgs';
import { runCommand, type CommandBody } from '../../common/runCommand';

/** What every registries command works with. */
export interface RegistryCommandContext {
  readonly service: RegistryService;
  readonly tree: RegistryTreeProvider;
  readonly log: vscode.LogOutputChannel;
}

/** The keys that name a registry in an argument object: `{ id }`, `{ registry }` or `{ url }`. */
const REGISTRY_REF = { id: { kind: 'string', max: 200 }, registry: { kind: 'string', max: 2048 }, url: { kind: 'string', max: 2048 } } as const;
export type RegistryArgs<T extends Record<string, ArgSpec>> = ArgsOf<typeof REGISTRY_REF & T>;

/**
 * A registries command's argument object, read by the one strict reader (commandArgs.ts): the registry's
 * `id`/`registry`/`url` plus the command's own keys. A bare id string or a tree node is not an argument
 * object (undefined); neither is nothing (the palette).
 */
export function registryArgs<T extends Record<string, ArgSpec>>(command: string, arg: unknown, spec: T): RegistryArgs<T> | undefined {
  if (typeof arg === 'string' || asNode(arg)) return undefined;
  return readArgs(command, arg, { ...REGISTRY_REF, ...spec });
}

/** A tree node passed by a menu: recognised by its `type`. */
export function asNode(arg: unknown): RegistryTreeNode | undefined {
  const t = typeof arg === 'object' && arg !== null ? (arg as { type?: unknown }).type : undefined;
  return t === 'registry' || t === 'repository' || t === 'tag' || t === 'more' || t === 'message' ? (arg as RegistryTreeNode) : undefined;
}

/** The registry a command is about: from a tree node, the argument object read by registryArgs, or a bare id/URL string. */
export function registryRefFrom(arg: unknown, o?: RegistryArgs<Record<never, never>>): string | undefined {
  if (typeof arg === 'string') return arg || undefined;
  const node = asNode(arg);
  if (node) {
    if (node.type === 'registry') return node.registry.id;
    if (node.type === 'repository' || node.type === 'tag' || node.type === 'message') return node.registryId;
    return undefined;
  }
  return o?.id ?? o?.registry ?? o?.url;
}

/** Asks for a registry with a quick pick; undefined when cancelled or none exist. */
export async function pickRegistry(ctx: RegistryCommandContext, title: string, filter: (r: { loggedIn: boolean }) => boolean = () => true): Promise<string | undefined> {
  const registries = (await ctx.service.list()).filter(filter);
  if (!registries.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No registry fits; add one first.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    registries.map((r) => ({ label: r.name, description: r.url, detail: r.loggedIn ? vscode.l10n.t('logged in as {0}', r.username ?? '') : vscode.l10n.t('anonymous'), id: r.id })),
    { title, placeHolder: vscode.l10n.t('Registry'), matchOnDescription: true },
  );
  return picked?.id;
}

/**
 * The registries' use of the one command wrapper (common/runCommand.ts): a registry's own errors and bad
 * addresses are shown as they are, its cancellation is silent.
 */
export function runRegistryCommand<T>(ctx: RegistryCommandContext, title: string, programmatic: boolean, body: (run: CommandBody) => Promise<T>): Promise<T | undefined> {
  return runCommand(
    { title, log: ctx.log, programmatic, expected: (e) => isRegistryError(e) || e instanceof RegistryUrlError, cancelled: (e) => isRegistryError(e, 'cancelled') },
    body,
  );
}
