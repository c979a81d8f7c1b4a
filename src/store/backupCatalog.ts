import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { atomicWrite } from './atomicWrite';
import { LockNotCreatableError } from './catalogErrors';
import { FileLock } from './fileLock';

/**
 * Copies the catalog to `dest` under the catalog lock (so no other window is mid-save) and
 * atomically (a crash never leaves a half backup). Returns the number of bytes copied.
 */
export async function backupCatalog(file: string, dest: string): Promise<number> {
  const source = resolve(file);
  if (resolve(dest) === source) throw new Error('the backup destination is the catalog itself');
  const lock = new FileLock(`${source}.lock`);
  try {
    await lock.acquire();
  } catch (e) {
    // A folder we may not write holds no lock of ours to wait for; atomic saves mean the file we
    // read is whole anyway, so copy without the lock.
    if (!(e instanceof LockNotCreatableError)) throw e;
  }
  try {
    let bytes: Buffer;
    try {
      bytes = readFileSync(source);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`there is no catalog at ${source} to back up`);
      throw e;
    }
    await atomicWrite(resolve(dest), bytes);
    return bytes.length;
  } finally {
    lock.release();
  }
}
