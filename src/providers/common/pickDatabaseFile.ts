import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';

/**
 * The file picker of the seed-system imports: SQLite files, opened at the program's usual place when that
 * folder exists (so the user's own file is one click away). The picked path, or undefined when dismissed.
 */
export async function pickDatabaseFile(title: string, usual: string): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title, canSelectFiles: true, canSelectFolders: false, canSelectMany: false,
    openLabel: vscode.l10n.t('Preview Import'), defaultUri: existsSync(dirname(usual)) ? vscode.Uri.file(usual) : undefined,
    filters: { [vscode.l10n.t('SQLite databases')]: ['db', 'sqlite', 'sqlite3'], [vscode.l10n.t('All files')]: ['*'] },
  });
  return picked?.[0]?.fsPath;
}
