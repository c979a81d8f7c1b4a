import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const EXTENSION_FOLDER = join('globalStorage', 'container-catalog.container-catalog', 'catalog.db');

/** Where VS Code keeps this extension's global storage on this platform. */
function vscodeUserDir(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Code', 'User');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Code', 'User');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Code', 'User');
}

function codeServerUserDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'code-server', 'User');
}

/**
 * The catalog the extension itself uses: $CONTAINER_CATALOG_FILE if set, else VS Code's global
 * storage file if it exists, else code-server's if that exists, else VS Code's (created on open).
 */
export function defaultCatalogFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONTAINER_CATALOG_FILE) return env.CONTAINER_CATALOG_FILE;
  const vscode = join(vscodeUserDir(env), EXTENSION_FOLDER);
  if (existsSync(vscode)) return vscode;
  const codeServer = join(codeServerUserDir(env), EXTENSION_FOLDER);
  if (existsSync(codeServer)) return codeServer;
  return vscode;
}
