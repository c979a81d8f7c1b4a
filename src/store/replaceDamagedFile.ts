import { renameSync } from 'node:fs';
import { atomicWrite } from './atomicWrite';

/**
 * Puts `good` back in place of a damaged catalog file: a non-empty damaged file is first moved to
 * `<file>.corrupt-<timestamp>` (someone may want to look at it); an empty one is just replaced.
 * Returns where the damaged file went, if anywhere. The caller holds the catalog lock.
 */
export async function replaceDamagedFile(file: string, damagedSize: number, good: Uint8Array): Promise<string | undefined> {
  let aside: string | undefined;
  if (damagedSize > 0) {
    aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, aside);
  }
  await atomicWrite(file, good);
  return aside;
}
