import * as vscode from 'vscode';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds } from '../platform/ids';
import { revertCatalog } from './commands/revertCatalog';

/** Commands about the catalog file itself (not one capability's rows). */
export function registerCatalog(deps: ExtensionDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CommandIds.catalogRevert, revertCatalog(deps)),
  );
}
