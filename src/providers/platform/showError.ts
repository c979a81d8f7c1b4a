import * as vscode from 'vscode';
import { CommandIds } from './ids';

/**
 * Logs the full error and shows the user one short sentence with a "Show Log" action. Never puts
 * the error's details in the notification: they may be long, and the log is where they belong.
 */
export async function showError(log: vscode.LogOutputChannel, message: string, err?: unknown): Promise<void> {
  if (err !== undefined) log.error(`${message}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  else log.error(message);
  const showLog = vscode.l10n.t('Show Log');
  if ((await vscode.window.showErrorMessage(message, showLog)) === showLog) {
    await vscode.commands.executeCommand(CommandIds.showLog);
  }
}
