import type * as vscode from 'vscode';
import type { Catalog } from '../store/catalog';
import { catalogFile } from './catalogFile';

/**
 * Opens the catalog for this window. The store (src/store/) provides the implementation; this is
 * the single place the extension calls it, so extension.ts stays unchanged when it lands.
 */
export async function openExtensionCatalog(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<Catalog> {
  const file = catalogFile(context);
  log.info(`catalog requested: ${file}`);
  throw new Error(`the catalog store is not part of this build yet (would open ${file})`);
}
