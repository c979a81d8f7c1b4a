import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Replaces `file` with `data` so that a crash at any moment leaves either the old or the new bytes:
 * write a temp file in the same folder, fsync it, rename it over the target, fsync the folder
 * (so the rename itself survives a power cut). Never TypeORM's in-place O_TRUNC autosave.
 */
export async function atomicWrite(file: string, data: Uint8Array): Promise<void> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${++counter}.tmp`);
  const fh = await fsp.open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(dir);
}

async function fsyncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; the rename is as durable as that platform allows.
  if (process.platform === 'win32') return;
  const dh = await fsp.open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}
