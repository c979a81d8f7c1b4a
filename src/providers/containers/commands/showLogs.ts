import * as vscode from 'vscode';
import { readArgs } from '../../common/commandArgs';
import { runCommand } from '../../common/runCommand';
import { CommandIds } from '../../platform/ids';
import { followContainerLogs } from '../../../containers/containerLogs';
import type { LogFollow } from '../../../containers/containerLogs';
import { openEngine } from '../../../containers/engineConnection';
import { ContainerLogTerminal } from '../containerLogTerminal';
import { asNode, type CommandHandler, type ContainerCommandContext } from './containerCommandContext';

const ARGS = { engine: 'string', container: 'string', tail: 'number', timestamps: 'boolean', follow: 'boolean' } as const;

/**
 * `containerCatalog.containers.showLogs` — a container node or `{ engine, container, tail?, timestamps?,
 * follow? }`, else picked: the container's log in a read-only terminal, following new lines until it is
 * closed. Tail and timestamps default to the settings. Resolves with the terminal's name.
 */
export function showLogs(ctx: ContainerCommandContext): CommandHandler {
  return async (arg?: unknown) => {
    const node = asNode(arg);
    const a = node ? undefined : readArgs(CommandIds.containersShowLogs, arg, ARGS);
    const ref = await ctx.container(node, a, vscode.l10n.t('Container whose log to show'));
    if (!ref) return undefined;
    return runCommand(ctx.commandRun(vscode.l10n.t('Show logs of {0}', ref.container), a !== undefined), async () => {
      const settings = vscode.workspace.getConfiguration('containerCatalog.containers.logs');
      const tail = a?.tail ?? settings.get<number>('tail', 200);
      if (!Number.isInteger(tail) || tail < 0) throw new Error(vscode.l10n.t('The number of log lines must be a whole number of 0 or more, not {0}.', tail));
      const opts = { follow: a?.follow ?? true, tail, timestamps: a?.timestamps ?? settings.get<boolean>('timestamps', true) };
      const conn = await openEngine(ref.engine, ctx.engineCtx);
      // Fails here (unknown container, engine down) rather than in an empty terminal.
      let follow: LogFollow;
      try {
        follow = await followContainerLogs(conn, ref.container, opts);
      } catch (err) {
        conn.close();
        throw err;
      }
      const pty = new ContainerLogTerminal(async () => follow, () => conn.close());
      const name = vscode.l10n.t('Log: {0} ({1})', ref.container, ref.engine.name);
      vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('output') }).show();
      return name;
    });
  };
}
