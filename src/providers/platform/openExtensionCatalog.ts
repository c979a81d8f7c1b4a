import * as vscode from 'vscode';
import type { Catalog } from '../../store/catalog';
import { catalogFile, sqlWasmFile } from './catalogFile';

/**
 * Opens this installation's catalog (`<globalStorage>/catalog.db`) through the store. Called once,
 * lazily, by the first view or command that needs it. The store module (TypeORM, sql.js) is loaded
 * here and not at activation, so activating the extension stays cheap.
 */
export async function openExtensionCatalog(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<Catalog> {
  const { openCatalog } = await import('../../store/openCatalog.js');
  const file = catalogFile(context);
  const catalog = await openCatalog({ file, wasmPath: sqlWasmFile(context), log });
  log.info(`catalog opened: ${file}`);
  // A file set aside as corrupt, or an upgrade that failed and was restored: the user must know.
  for (const notice of catalog.notices) void vscode.window.showWarningMessage(notice);
  return catalog;
}
