import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Wsl-Manager keeps images.db: `%LOCALAPPDATA%\Wsl\RootFS` on Windows; elsewhere the XDG data folder
 * (`$XDG_DATA_HOME`, by default ~/.local/share), `Wsl/RootFS`.
 */
export function wslManagerDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.LOCALAPPDATA || env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'Wsl', 'RootFS', 'images.db');
}

/** The images.db at its usual place, when there is one. */
export function findWslManagerDatabase(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = wslManagerDatabasePath(env);
  return existsSync(file) ? file : undefined;
}
