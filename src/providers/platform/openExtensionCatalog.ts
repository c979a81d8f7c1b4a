import * as vscode from 'vscode';
import type { Catalog } from '../../store/catalog';
import { readFileBytes } from '../../store/fileBytes';
import { catalogFile, sqlWasmFile } from './catalogFile';

const IDLE_SETTING = 'containerCatalog.catalog.idleCloseMinutes';

/** The idle close setting in milliseconds (0 = never); a bad value falls back to the default 3 minutes. */
function idleCloseMs(): number {
  const minutes = vscode.workspace.getConfiguration().get<number>(IDLE_SETTING, 3);
  return typeof minutes === 'number' && Number.isFinite(minutes) && minutes >= 0 ? minutes * 60_000 : 3 * 60_000;
}

/**
 * Opens this installation's catalog (`<globalStorage>/catalog.db`) through the store. Called once,
 * lazily, by the first view or command that needs it. The store module (TypeORM, sql.js) is loaded
 * here and not at activation, so activating the extension stays cheap. The store closes its database
 * after the idle time of the setting and reopens it on the next use; a changed setting applies at once.
 */
export async function openExtensionCatalog(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<Catalog> {
  const file = catalogFile(context);
  // The file is read on the thread pool while the store module loads (both are on a first paint's path);
  // openCatalog uses those bytes if the file is still the same once it holds the lock.
  const prefetched = readFileBytes(file);
  prefetched.catch(() => undefined);
  const { openCatalog } = await import('../../store/openCatalog.js');
  const catalog = await openCatalog({ file, wasmPath: sqlWasmFile(context), log, idleCloseMs: idleCloseMs(), prefetched });
  log.info(`catalog opened: ${file}`);
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(IDLE_SETTING)) catalog.setIdleClose(idleCloseMs());
  }));
  // A file set aside as corrupt, or an upgrade that failed and was restored: the user must know.
  for (const notice of catalog.notices) void vscode.window.showWarningMessage(notice);
  return catalog;
}
