import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { ContainerFileError } from '../../../containers/containerFileError';
import { containerFileUri } from '../containerFileSystem';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { containerFileTarget, fileNameProblem, joinPath, withContainerFiles } from './containerFileTarget';

const ARGS = { engine: 'string', container: 'string', path: 'string', name: 'string' } as const;

/**
 * `containerCatalog.containerFiles.createFile` / `.createFolder` — a folder of the Files node or
 * `{ engine, container, path, name }` (path: the folder), else picked and asked: a new empty file (opened in
 * an editor) or folder inside the container. An existing name is refused. Resolves with the new path.
 */
export function createContainerFile(ctx: ContainerCommandContext, id: string, kind: 'file' | 'folder'): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(id, arg, ARGS);
    const t = await containerFileTarget(ctx, node, a, vscode.l10n.t('Container to create it in'), vscode.l10n.t('Absolute path of the folder to create it in'));
    if (!t) return undefined;
    // On a file's row, the new entry goes beside it.
    const dir = node?.type === 'file' && node.fileType !== 'directory' ? t.path.slice(0, t.path.lastIndexOf('/')) || '/' : t.path;
    const name = await ctx.text(requiredArg(a, 'name'), kind === 'file' ? vscode.l10n.t('Name of the new file in {0}', dir) : vscode.l10n.t('Name of the new folder in {0}', dir), fileNameProblem);
    if (name === undefined) return undefined;
    const path = joinPath(dir, name);
    return runCommand(ctx.commandRun(vscode.l10n.t('Create {0}', path), a !== undefined), async () => {
      await withContainerFiles(ctx, t, async (f) => {
        const exists = await f.stat(path).then(
          () => true,
          (e: unknown) => (e instanceof ContainerFileError && e.code === 'notFound' ? false : Promise.reject(e)),
        );
        if (exists) throw new Error(vscode.l10n.t('{0} already exists in {1}.', path, t.container));
        if (kind === 'folder') await f.mkdir(path);
        else await f.write(path, Buffer.alloc(0), { create: true, overwrite: false });
      });
      ctx.provider.redrawFiles(t.engine.name, t.container);
      if (kind === 'file') await vscode.window.showTextDocument(containerFileUri(t.engine.name, t.container, path), { preview: false });
      return path;
    });
  };
}
