import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { In } from 'typeorm';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import { digestOfFile } from './fileDigest';
import { LocalState } from './imageKinds';
import { recordFileMismatch } from './recordFileMismatch';

export type StoredFileCheck = 'absent' | 'match' | 'mismatch';

/**
 * Whether `imagesDir/fileName` holds what its name says. The name alone proves nothing (a truncated
 * copy, a disk error, a hand edit), so the content is hashed before the file is reused. On a
 * mismatch the entries that use the file are marked as Verify marks them (recordFileMismatch: they
 * record the digest the file really has and turn Outdated), and the caller replaces the file with
 * verified content under the same name.
 */
export async function checkStoredFile(catalog: Catalog, imagesDir: string, fileName: string, algorithm: string, digest: string): Promise<StoredFileCheck> {
  const path = join(imagesDir, fileName);
  if (!existsSync(path)) return 'absent';
  const actual = (await digestOfFile(path, algorithm)).digest;
  if (actual === digest.toLowerCase()) return 'match';
  const users = await catalog.read((em) => em.find(LocalImage, {
    where: { localFilename: fileName, state: In([LocalState.Synced, LocalState.Outdated]) },
  }));
  for (const u of users) await recordFileMismatch(catalog, u.id, actual);
  return 'mismatch';
}
