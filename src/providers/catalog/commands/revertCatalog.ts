import * as vscode from 'vscode';
import { readArgs, confirmedByArgs } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { catalogFile, sqlWasmFile } from '../../platform/catalogFile';
import type { ExtensionDeps } from '../../platform/extensionDeps';
import { CommandIds } from '../../platform/ids';

/**
 * `containerCatalog.catalog.revert` — Revert Catalog to Before the Last Upgrade. `{ confirmed: true }` skips
 * the question (code, tests). Checks that `catalog.db.old` (or an earlier build's `.bak`) opens at its own
 * version before anything is touched, closes this window's catalog so no pending write lands on the
 * reverted file, sets the current file aside with a timestamp, and reloads the window. Other windows see
 * the file change and refuse writes until they are reloaded.
 */
export function revertCatalog(deps: ExtensionDeps): CommandHandler {
  return async (arg?: unknown) => {
    const o = readArgs(CommandIds.catalogRevert, arg, { confirmed: 'boolean' });
    return runCommand(
      { title: vscode.l10n.t('Revert the catalog'), log: deps.log, programmatic: o !== undefined, expected: (e) => e instanceof Error && e.name === 'CatalogRevertError' },
      async () => {
        // Code that did not say confirmed: true is refused before anything is read (a modal is a prompt).
        const confirmed = confirmedByArgs(o);
        // Loaded here, not at activation: the store pulls in sql.js.
        const store = await import('../../../store/revertCatalog.js');
        const file = catalogFile(deps.context);
        const wasmPath = sqlWasmFile(deps.context);
        const copy = await store.checkPreUpgradeCopy(file, wasmPath);
        if (!confirmed) {
          const go = vscode.l10n.t('Revert and Reload');
          const answer = await vscode.window.showWarningMessage(
            vscode.l10n.t('Revert the catalog to the copy kept before its last upgrade (schema version {0})?', copy.schemaVersion),
            {
              modal: true,
              detail: vscode.l10n.t('{0} replaces the catalog. Changes made since that upgrade are not in it; the catalog as it is now is kept next to it with a timestamp. The window reloads; if this build is newer than the copy, it upgrades the copy again.', copy.from),
            },
            go,
          );
          if (answer !== go) return undefined;
        }
        await deps.openedCatalog()?.close();
        const r = await store.revertCatalog(file, { wasmPath, log: deps.log });
        // This window's catalog is closed: reopen it (and every view) from the reverted file.
        void vscode.commands.executeCommand('workbench.action.reloadWindow');
        return r;
      },
    );
  };
}
