import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The nginx simplestreams peer (test/peers/simplestreams.sh); fails loudly when it is not running. */
export function simplestreamsPeer(): { url: string; root: string } {
  const url = process.env.CC_SIMPLESTREAMS_URL;
  const root = process.env.CC_SIMPLESTREAMS_ROOT;
  if (!url || !root) {
    throw new Error('CC_SIMPLESTREAMS_URL/CC_SIMPLESTREAMS_ROOT are not set: run `test/peers/simplestreams.sh start` and source .build/peers/simplestreams.env');
  }
  return { url, root };
}

/** Points the peer's /ss/ catalog at "a" (initial) or "b" (changed): an atomic symlink swap. */
export function switchCatalog(which: 'a' | 'b'): void {
  const { root } = simplestreamsPeer();
  const tmp = join(root, 'catalogs', `current.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  symlinkSync(which, tmp);
  renameSync(tmp, join(root, 'catalogs', 'current'));
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every entry of a folder, hidden ones included (to prove no partial file is left). */
export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** The access-log lines nginx wrote after `fromByte` (to see the 304s it really sent). */
export function accessLogSince(fromByte: number): string[] {
  const file = process.env.CC_SIMPLESTREAMS_ACCESS_LOG;
  if (!file) throw new Error('CC_SIMPLESTREAMS_ACCESS_LOG is not set: start the simplestreams peer');
  return readFileSync(file).subarray(fromByte).toString('utf8').split('\n').filter(Boolean);
}

export function accessLogSize(): number {
  const file = process.env.CC_SIMPLESTREAMS_ACCESS_LOG;
  if (!file) throw new Error('CC_SIMPLESTREAMS_ACCESS_LOG is not set: start the simplestreams peer');
  return statSync(file).size;
}

/** Waits (bounded) until nginx logged `count` matching lines after `fromByte`; it logs after responding. */
export async function accessLogLines(fromByte: number, match: (line: string) => boolean, count: number): Promise<string[]> {
  let lines: string[] = [];
  for (let i = 0; i < 100; i++) {
    lines = accessLogSince(fromByte).filter(match);
    if (lines.length >= count) return lines;
    await new Promise((r) => setTimeout(r, 20));
  }
  return lines;
}
