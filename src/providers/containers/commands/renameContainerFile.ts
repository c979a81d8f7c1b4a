import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';
import { containerFileTarget, fileNameProblem, joinPath, parentOf, withContainerFiles } from './containerFileTarget';

const ARGS = { engine: 'string', container: 'string', path: 'string', newName: 'string', overwrite: 'boolean' } as const;

/**
 * `containerCatalog.containerFiles.rename` — a Files node or `{ engine, container, path, newName, overwrite? }`,
 * else picked and asked: renames a file or folder within its folder (the container's own `mv`). An existing
 * name is refused unless `overwrite`. Resolves with the new path.
 */
export function renameContainerFile(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containerFilesRename, arg, ARGS);
    const t = await containerFileTarget(ctx, node, a, vscode.l10n.t('Container to rename a file in'), vscode.l10n.t('Absolute path of the file or folder to rename'));
    if (!t) return undefined;
    if (t.path === '/') throw new Error(vscode.l10n.t('The root folder cannot be renamed.'));
    const old = t.path.slice(t.path.lastIndexOf('/') + 1);
    const name = await ctx.text(requiredArg(a, 'newName'), vscode.l10n.t('New name of {0}', t.path), fileNameProblem, old);
    if (name === undefined || name === old) return undefined;
    const to = joinPath(parentOf(t.path), name);
    return runCommand(ctx.commandRun(vscode.l10n.t('Rename {0}', t.path), a !== undefined), async () => {
      await withContainerFiles(ctx, t, (f) => f.rename(t.path, to, { overwrite: a?.overwrite === true }));
      ctx.provider.redrawFiles(t.engine.name, t.container);
      return to;
    });
  };
}
