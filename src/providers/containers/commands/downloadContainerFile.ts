import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { copyFromContainer } from '../../../containers/containerFileCopy';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { containerFileTarget, withContainerFiles } from './containerFileTarget';

const ARGS = { engine: 'string', container: 'string', path: 'string', target: 'string', overwrite: 'boolean' } as const;

/**
 * `containerCatalog.containerFiles.download` — a file of the Files node or `{ engine, container, path, target,
 * overwrite? }` (target: a local path, relative ones under the first workspace folder), else picked and asked
 * with a save dialog opening in the workspace. Streamed to disk; a failed download leaves nothing. Resolves
 * with the local path.
 */
export function downloadContainerFile(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containerFilesDownload, arg, ARGS);
    const t = await containerFileTarget(ctx, node, a, vscode.l10n.t('Container to download a file from'), vscode.l10n.t('Absolute path of the file to download'));
    if (!t) return undefined;
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = t.path.slice(t.path.lastIndexOf('/') + 1);
    let target: string | undefined;
    let overwrite = a?.overwrite === true;
    const given = requiredArg(a, 'target', ' (a local path)');
    if (given !== undefined) {
      if (!isAbsolute(given) && !workspace) throw new Error(vscode.l10n.t('Give an absolute target path: no folder is open.'));
      target = isAbsolute(given) ? given : join(workspace!.fsPath, given);
    } else {
      const picked = await vscode.window.showSaveDialog({
        defaultUri: workspace ? vscode.Uri.joinPath(workspace, name) : undefined,
        title: vscode.l10n.t('Download {0} from {1}', t.path, t.container),
      });
      if (!picked) return undefined;
      target = picked.fsPath;
      // The save dialog already asked before replacing a file.
      overwrite = true;
    }
    const to = target;
    return runCommand(ctx.commandRun(vscode.l10n.t('Download {0}', t.path), a !== undefined, { progress: true }), async ({ signal }) => {
      await withContainerFiles(ctx, t, (f) => copyFromContainer(f, t.path, to, { overwrite, signal }));
      return to;
    });
  };
}
