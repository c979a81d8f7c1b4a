import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { containerFileUri } from '../containerFileSystem';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', path: 'string' } as const;

/**
 * `containerCatalog.containers.openFile` — a container node or `{ engine, container, path }`, else picked and
 * asked: a file inside the container opened in an editor (saving writes it back through the engine's API).
 * Resolves with the file's URI as a string.
 */
export function openContainerFile(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersOpenFile, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to open a file in'));
    if (!ref) return undefined;
    const path = await ctx.text(requiredArg(a, 'path'), vscode.l10n.t('Absolute path of the file inside {0}', ref.container), (v) =>
      v.startsWith('/') ? undefined : vscode.l10n.t('Give an absolute path, starting with /.'),
      '/etc/hostname',
    );
    if (path === undefined) return undefined;
    return runCommand(ctx.commandRun(vscode.l10n.t('Open {0}', path), a !== undefined), async () => {
      const uri = containerFileUri(ref.engine.name, ref.container, path);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      return uri.toString();
    });
  };
}
