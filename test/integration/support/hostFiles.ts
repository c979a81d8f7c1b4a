import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The driver's folder for this run (`.build/host/run-<pid>`), found from the XDG dirs it gives the host. */
export function hostRunRoot(): string {
  return dirname(dirname(process.env.XDG_CONFIG_HOME ?? ''));
}

/** Every file below `dir` (none when it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    const s = statSync(p);
    return s.isDirectory() ? filesUnder(p) : s.isFile() ? [p] : [];
  });
}

/** The files VS Code and the extension wrote for this run: user data (global storage) and server data. */
export function hostDataFiles(): string[] {
  const root = hostRunRoot();
  return [...filesUnder(join(root, 'user-data')), ...filesUnder(join(root, 'server-data'))];
}
