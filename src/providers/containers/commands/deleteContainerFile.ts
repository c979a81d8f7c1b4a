import * as vscode from 'vscode';
import { readArgs, confirmedByArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { containerFileTarget, withContainerFiles } from './containerFileTarget';

const ARGS = { engine: 'string', container: 'string', path: 'string', confirmed: 'boolean' } as const;

/**
 * `containerCatalog.containerFiles.delete` — a Files node or `{ engine, container, path, confirmed? }`, else
 * picked and asked: deletes a file or a folder (with what it holds) inside the container; asks unless `confirmed`.
 */
export function deleteContainerFile(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containerFilesDelete, arg, ARGS);
    const t = await containerFileTarget(ctx, node, a, vscode.l10n.t('Container to delete a file in'), vscode.l10n.t('Absolute path of the file or folder to delete'));
    if (!t) return false;
    if (!confirmedByArgs(a)) {
      const yes = vscode.l10n.t('Delete');
      const folder = node?.type === 'file' && node.fileType === 'directory';
      const ok = await vscode.window.showWarningMessage(
        folder ? vscode.l10n.t('Delete the folder {0} in {1} and everything in it?', t.path, t.container) : vscode.l10n.t('Delete {0} in {1}?', t.path, t.container),
        { modal: true },
        yes,
      );
      if (ok !== yes) return false;
    }
    return (
      (await runCommand(ctx.commandRun(vscode.l10n.t('Delete {0}', t.path), a !== undefined), async () => {
        await withContainerFiles(ctx, t, (f) => f.delete(t.path));
        ctx.provider.redrawFiles(t.engine.name, t.container);
        return true;
      })) ?? false
    );
  };
}
