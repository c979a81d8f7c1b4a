import * as vscode from 'vscode';
import { readArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { ContainerNotRunningError, ensureRunning, openContainerExec, shellCommand } from '../../../containers/containerExec';
import { openEngine } from '../../../containers/engineConnection';
import type { EngineConnection } from '../../../containers/engineConnection';
import { ContainerShellTerminal } from '../containerShellTerminal';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', shell: 'string', user: 'string', cwd: 'string', startIfStopped: 'boolean' } as const;

/**
 * `containerCatalog.containers.openShell` — a container node or `{ engine, container, shell?, user?, cwd?,
 * startIfStopped? }`, else picked: a terminal running a shell in the container over the engine's API. A
 * stopped container is offered to be started first. Resolves with the terminal's name.
 */
export function openShell(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersOpenShell, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container to open a shell in'));
    if (!ref) return undefined;
    const title = vscode.l10n.t('Open shell in {0}', ref.container);
    return runCommand(ctx.commandRun(title, a !== undefined), async () => {
      let conn: EngineConnection | undefined = await openEngine(ref.engine, ctx.engineCtx);
      try {
        try {
          await ensureRunning(conn, ref.container);
        } catch (err) {
          if (!(err instanceof ContainerNotRunningError)) throw err;
          if (!(await startFirst(err, a !== undefined, a?.startIfStopped))) return undefined;
          await (await ctx.actions()).lifecycle(ref.engine, ref.container, 'start');
        }
        const configured = a?.shell ?? vscode.workspace.getConfiguration('containerCatalog.containers').get<string>('shell');
        const c = conn;
        const pty = new ContainerShellTerminal(
          (cols, rows) => openContainerExec(c, ref.container, { command: shellCommand(configured), tty: true, cols, rows, user: a?.user, cwd: a?.cwd }),
          () => c.close(),
          ctx.deps.log,
        );
        const terminal = vscode.window.createTerminal({ name: `${ref.container} (${ref.engine.name})`, pty, iconPath: new vscode.ThemeIcon('terminal') });
        conn = undefined; // the terminal owns it now
        terminal.show();
        return terminal.name;
      } finally {
        conn?.close();
      }
    });
  };
}

/** A stopped container: started only when a calling program said so, or the user agrees. */
async function startFirst(err: ContainerNotRunningError, programmatic: boolean, startIfStopped: boolean | undefined): Promise<boolean> {
  if (programmatic) {
    if (startIfStopped !== true) throw err;
    return true;
  }
  const start = vscode.l10n.t('Start and Open Shell');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} is not running ({1}). Start it and open a shell?', err.container, err.status),
    { modal: true },
    start,
  );
  return pick === start;
}
