import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../shared/logger';
import { pidAlive } from './processIdentity';

/** Temp files of saves or locks whose process died mid-way (a crash or SIGKILL); never a live one's. */
export function removeLeftoverTempFiles(file: string, log: Logger): void {
  const dir = dirname(file);
  const name = basename(file);
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^(?:\\.${esc}(?:\\.bak|\\.old|\\.checked)?|${esc}\\.lock(?:\\.break)?)\\.(\\d+)\\.\\d+\\.tmp$`);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const m = pattern.exec(entry);
    if (!m || pidAlive(Number(m[1]))) continue;
    try {
      rmSync(join(dir, entry), { force: true });
      log.debug(`removed ${entry}, left by a process that stopped mid-save`);
    } catch {
      // not ours to remove after all
    }
  }
}
