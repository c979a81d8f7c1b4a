import { existsSync } from 'node:fs';

// LXD keeps the database as it was before a schema update as `<db>.old`, so an upgrade can be reverted
// (seed 002). The catalog does the same: `catalog.db.old`, written and verified before any migration.
// Builds before this one wrote `catalog.db.bak`; it is still read when there is no `.old`.

/** Where the copy from before the next upgrade is written. */
export function oldCopyOf(file: string): string {
  return `${file}.old`;
}

/** The name earlier builds gave that copy. */
export function legacyCopyOf(file: string): string {
  return `${file}.bak`;
}

/** The copy from before the last upgrade that is on disk (`.old`, else `.bak`), or undefined. */
export function findPreUpgradeCopy(file: string): string | undefined {
  return [oldCopyOf(file), legacyCopyOf(file)].find((p) => existsSync(p));
}
