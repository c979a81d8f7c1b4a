import { join } from 'node:path';
import type * as vscode from 'vscode';

/** The one catalog file of this installation: `<globalStorage>/catalog.db` (npm start seeds it there too). */
export function catalogFile(context: vscode.ExtensionContext): string {
  return join(context.globalStorageUri.fsPath, 'catalog.db');
}

/** sql.js's WebAssembly binary, copied next to the bundle by esbuild.mjs. */
export function sqlWasmFile(context: vscode.ExtensionContext): string {
  return join(context.extensionUri.fsPath, 'dist', 'sql-wasm.wasm');
}
