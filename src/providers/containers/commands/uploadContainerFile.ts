import { basename, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { copyToContainer } from '../../../containers/containerFileCopy';
import { ContainerFileError } from '../../../containers/containerFileError';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { containerFileTarget, joinPath, withContainerFiles } from './containerFileTarget';

const ARGS = { engine: 'string', container: 'string', path: 'string', source: 'string', overwrite: 'boolean' } as const;

/**
 * `containerCatalog.containerFiles.upload` — a folder of the Files node or `{ engine, container, path, source,
 * overwrite? }` (path: the folder; source: a local file, relative ones under the first workspace folder), else
 * picked and asked with an open dialog in the workspace. The file is streamed to the engine as it is read; an
 * existing file there is replaced only when confirmed (or `overwrite`). Resolves with the path in the container.
 */
export function uploadContainerFile(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containerFilesUpload, arg, ARGS);
    const t = await containerFileTarget(ctx, node, a, vscode.l10n.t('Container to upload a file to'), vscode.l10n.t('Absolute path of the folder to upload into'));
    if (!t) return undefined;
    const dir = node?.type === 'file' && node.fileType !== 'directory' ? t.path.slice(0, t.path.lastIndexOf('/')) || '/' : t.path;
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
    let source: string;
    const given = requiredArg(a, 'source', ' (a local file)');
    if (given !== undefined) {
      if (!isAbsolute(given) && !workspace) throw new Error(vscode.l10n.t('Give an absolute source path: no folder is open.'));
      source = isAbsolute(given) ? given : join(workspace!.fsPath, given);
    } else {
      const picked = await vscode.window.showOpenDialog({ defaultUri: workspace, canSelectFiles: true, canSelectFolders: false, canSelectMany: false, title: vscode.l10n.t('Upload a file to {0} in {1}', dir, t.container) });
      if (!picked?.[0]) return undefined;
      source = picked[0].fsPath;
    }
    const path = joinPath(dir, basename(source));
    return runCommand(ctx.commandRun(vscode.l10n.t('Upload {0}', basename(source)), a !== undefined, { progress: true }), async () => {
      const sent = await withContainerFiles(ctx, t, async (f) => {
        let overwrite = a?.overwrite === true;
        if (!overwrite && a === undefined) {
          const exists = await f.stat(path).then(
            () => true,
            (e: unknown) => (e instanceof ContainerFileError && e.code === 'notFound' ? false : Promise.reject(e)),
          );
          const replace = vscode.l10n.t('Replace');
          if (exists) {
            if ((await vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists in {1}. Replace it?', path, t.container), { modal: true }, replace)) !== replace) return false;
            overwrite = true;
          }
        }
        await copyToContainer(f, source, path, { overwrite });
        return true;
      });
      if (!sent) return undefined;
      ctx.provider.redrawFiles(t.engine.name, t.container);
      return path;
    });
  };
}
