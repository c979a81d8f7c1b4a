import { accessSync, constants, statSync } from 'node:fs';
import { explainFsError } from './catalogErrors';

/**
 * Why the user may not change `file` (undefined: they may, or it does not exist yet). Checked before
 * any change, because an atomic save renames a new file over the old one, which the folder's
 * permission allows (and root may always do) even when the file itself is read-only: a 0444 catalog
 * stays unchanged even under sudo.
 */
export function readOnlyReason(file: string): string | undefined {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return undefined;
  }
  if ((mode & 0o222) === 0) {
    return `the file is read-only (mode ${(mode & 0o7777).toString(8).padStart(4, '0')}); make it writable (chmod u+w) to change it`;
  }
  try {
    accessSync(file, constants.W_OK);
  } catch (e) {
    return `you may not write it (${explainFsError(e as NodeJS.ErrnoException)})`;
  }
  return undefined;
}
