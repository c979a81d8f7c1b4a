import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/** Container Kit's Tauri bundle identifier: the name of its folder under the config folder. */
const IDENTIFIER = 'com.ethercorps.container-kit';
/** The file its SQL plugin preloads (`sqlite:container-kit.db`). */
const FILE = 'container-kit.db';

/**
 * Where Container Kit keeps its database. Tauri's SQL plugin (v2) opens `sqlite:<name>` under the app's
 * config folder, `<config dir>/<identifier>`: ~/Library/Application Support on macOS, `%APPDATA%` on
 * Windows, and elsewhere `$XDG_CONFIG_HOME` (by default ~/.config).
 */
export function containerKitDatabasePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  const { join } = platform === 'win32' ? win32 : posix;
  const base = platform === 'darwin' ? join(home, 'Library', 'Application Support')
    : platform === 'win32' ? env.APPDATA || join(home, 'AppData', 'Roaming')
      : env.XDG_CONFIG_HOME || join(home, '.config');
  return join(base, IDENTIFIER, FILE);
}

/** Container Kit's database at its usual place, when there is one. */
export function findContainerKitDatabase(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const file = containerKitDatabasePath(env, platform);
  return existsSync(file) ? file : undefined;
}
