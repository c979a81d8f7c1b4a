import { requiredArg } from '../../common/commandArgs';
import * as vscode from 'vscode';
import { clean, ContainerFiles } from '../../../containers/containerFiles';
import { openEngine } from '../../../containers/engineConnection';
import type { ContainerTreeNode, FileNode } from '../containerTreeNodes';
import type { ContainerCommandContext, ContainerRefArg } from './containerCommandContext';

/** A path inside a container that a file command is about, and the Files node it came from (if any). */
export interface ContainerFileTarget extends ContainerRefArg {
  readonly path: string;
  readonly node?: FileNode;
}

/**
 * The container file a command acts on: a Files node, `{ engine, container, path }` (the path absolute,
 * without `..`), or picked and asked. `pathPrompt` is the input box's prompt when no path is given.
 */
export async function containerFileTarget(
  ctx: ContainerCommandContext,
  node: ContainerTreeNode | undefined,
  given: { engine?: string; container?: string; path?: string } | undefined,
  pickPrompt: string,
  pathPrompt: string,
): Promise<ContainerFileTarget | undefined> {
  if (node?.type === 'file') return { ...(await ctx.container(node, undefined)), path: node.path, node } as ContainerFileTarget;
  const ref = await ctx.container(node, given, pickPrompt);
  if (!ref) return undefined;
  const path = await ctx.text(requiredArg(given, 'path'), pathPrompt, pathProblem, '/tmp/');
  return path === undefined ? undefined : { ...ref, path: clean(path) };
}

/** Why a typed path cannot be used, or undefined. */
export function pathProblem(v: string): string | undefined {
  if (!v.startsWith('/')) return vscode.l10n.t('Give an absolute path, starting with /.');
  if (v.split('/').includes('..')) return vscode.l10n.t('A path with .. is refused.');
  return undefined;
}

/** Why a new name (inside the same folder) cannot be used, or undefined. */
export function fileNameProblem(v: string): string | undefined {
  if (!v || v === '.' || v === '..') return vscode.l10n.t('Enter a name.');
  if (v.includes('/') || v.includes('\0')) return vscode.l10n.t('A name has no slashes.');
  return undefined;
}

/** The folder holding `path`, and `path` joined to a name. */
export const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';
export const joinPath = (dir: string, name: string): string => (dir === '/' ? `/${name}` : `${dir}/${name}`);

/** Runs `fn` with the container's files over a fresh engine connection, closed after. */
export async function withContainerFiles<T>(ctx: ContainerCommandContext, t: ContainerRefArg, fn: (files: ContainerFiles) => Promise<T>): Promise<T> {
  const conn = await openEngine(t.engine, ctx.engineCtx);
  try {
    return await fn(new ContainerFiles(conn, t.container));
  } finally {
    conn.close();
  }
}
