import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';

// Downloads and imports write `.<kind>-<pid>-<uuid>.partial` in the images folder and rename it to
// its digest name when complete; a process killed in between (kill -9, a crash, power loss) leaves
// the partial behind. Stale ones are removed when the folder is next used for a download or an
// import. The images folder is shared by every window and the CLI, so a partial may also be one
// another live process is writing right now; it must not be deleted. Why a pid marker plus age,
// rather than the catalog lock: downloads run outside the catalog's write lock (minutes long, many
// at once), so the lock says nothing about who writes a partial. The writer's pid in the name
// says it directly: a pid that no longer runs cannot be writing. A pid that runs may have been
// reused, so a partial not written to for STALE_AFTER_MS goes too (a live writer writes at least
// once per idle timeout, DOWNLOAD_LIMITS.idleMs, or fails and removes its partial). Partials of
// this process are only ever removed by age: they may be downloads running now.

/** Far above any writer's idle timeout (a minute): a partial this old has no writer. */
export const STALE_AFTER_MS = 3600_000;

const PARTIAL = /^\.(download|import)-(?:(\d+)-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.partial$/;

/** A new partial's name, with this process's pid in it. */
export function partialName(kind: 'download' | 'import'): string {
  return `.${kind}-${process.pid}-${uuidv7()}.partial`;
}

function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the partials of `dir` no live process is writing; returns their names. Never fails the caller. */
export async function removeStalePartials(dir: string, now = Date.now()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = PARTIAL.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    const st = await stat(path).catch(() => null);
    if (!st?.isFile()) continue;
    const writerGone = m[2] !== undefined && !running(Number(m[2]));
    if (!writerGone && now - st.mtimeMs < STALE_AFTER_MS) continue;
    await rm(path, { force: true }).then(() => removed.push(name), () => undefined);
  }
  return removed;
}
