import * as vscode from 'vscode';
import type { ImageSource } from '../../entities/ImageSource';
import { listImageSources } from '../../images/listImageSources';
import { listLocalImages } from '../../images/listLocalImages';
import { formatSize } from '../../shared/formatSize';
import { runCommand, type CommandBody } from '../common/runCommand';
import type { ExtensionDeps } from '../platform/extensionDeps';
import type { ImageSourcesTree } from './imageSourcesTree';
import type { ImageNode } from './imageTreeModel';

// What the image commands share: their context, the tree-node test, and the quick picks they ask with.
// Loaded with the first command that runs (registerImages imports only the type), as it pulls in TypeORM.

/** What every image command handler gets. */
export interface ImageCommandContext {
  readonly deps: ExtensionDeps;
  readonly tree: ImageSourcesTree;
  /** Running downloads by ImageSource Id, for cancel. */
  readonly downloads: Map<string, AbortController>;
  /** The images/ folder in global storage. */
  imagesDir(): Promise<string>;
}

const NODE_TYPES = new Set(['sourceType', 'distribution', 'source', 'localGroup', 'local', 'filter', 'error']);

/** A tree node passed by a menu (inline action, context menu) or a row's click. */
export function asNode(arg: unknown): ImageNode | undefined {
  return typeof arg === 'object' && arg !== null && NODE_TYPES.has((arg as { type?: unknown }).type as string) && 'id' in arg
    ? (arg as ImageNode)
    : undefined;
}

/**
 * True when code called the command (an argument object, or anything else that is not a tree node): its
 * failures reject. The palette and menus pass nothing or a node, and get a message instead.
 */
export function fromCode(arg: unknown): boolean {
  return arg !== undefined && arg !== null && !asNode(arg);
}

/**
 * The long part of a command, under a notification with Cancel, titled after what the command picked (so
 * only known once it asked). Failures are rethrown to the command's own runCommand, which reports them once.
 */
export function withProgress<T>(ctx: ImageCommandContext, title: string, body: (b: CommandBody) => Promise<T>): Promise<T | undefined> {
  return runCommand({ title, log: ctx.deps.log, programmatic: true, progress: true }, body);
}

/** Asks for an image source among `sources` (all of them by default); its Id, or undefined when dismissed. */
export async function pickImageSource(ctx: ImageCommandContext, title: string, sources?: readonly ImageSource[]): Promise<string | undefined> {
  const rows = sources ?? (await listImageSources(await ctx.deps.catalog()));
  const picked = await vscode.window.showQuickPick(
    rows.map((s) => ({
      label: s.name ?? s.distribution,
      description: [s.type, formatSize(s.size), s.tags.split(',').find((t) => t.startsWith('@')) ?? ''].filter(Boolean).join(' · '),
      detail: s.url ?? '',
      id: s.id,
    })),
    { title, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.id;
}

/** Asks for a local image; its Id, or undefined when dismissed. */
export async function pickLocalImage(ctx: ImageCommandContext, title: string): Promise<string | undefined> {
  const locals = await listLocalImages(await ctx.deps.catalog());
  return (await vscode.window.showQuickPick(locals.map((l) => ({ label: l.name, description: l.state, id: l.id })), { title }))?.id;
}
