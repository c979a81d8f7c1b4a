import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkAlgorithm, checkDigest, digestFileName } from './catalogNames';
import { digestOfFile } from './fileDigest';
import type { WslLocalRow } from './wslManagerRows';

/** A LocalImage's tarball found next to images.db and proven to match its digest. */
export interface VerifiedFile {
  readonly path: string;
  readonly algorithm: string;
  readonly digest: string;
  readonly size: number;
  /** Its name in the images folder: `<algorithm>_<digest>.rootfs.tar.gz`. */
  readonly fileName: string;
}

export type FileCheck = { readonly ok: VerifiedFile } | { readonly problem: string } | { readonly none: true };

/**
 * Wsl-Manager names a local image's file `<digest>.rootfs.tar.gz` (SHA256) or
 * `<algorithm>_<digest>.rootfs.tar.gz`, next to images.db (TransferLocalImages). The file found under
 * one of those names (or the row's own LocalFilename, when it is a plain name) is hashed and must
 * match the row's digest; names are never taken as paths, so a row cannot point outside the folder.
 */
export async function checkLocalFile(databaseFile: string, row: WslLocalRow): Promise<FileCheck> {
  if (!row.digest) return { none: true };
  let algorithm: string;
  let digest: string;
  try {
    algorithm = checkAlgorithm('digest', row.digestAlgorithm ?? 'SHA256');
    digest = checkDigest('digest', algorithm, row.digest.replace(/^sha(256|384|512):/i, ''));
  } catch (e) {
    return { problem: (e as Error).message.replace(/^digest: /, '') };
  }
  const folder = dirname(databaseFile);
  const names = [
    `${digest}.rootfs.tar.gz`,
    `${row.digestAlgorithm ?? algorithm}_${digest}.rootfs.tar.gz`,
    `${algorithm}_${digest}.rootfs.tar.gz`,
    `${algorithm.toLowerCase()}_${digest}.rootfs.tar.gz`,
    `${digest.toUpperCase()}.rootfs.tar.gz`,
    ...(row.localFilename && /^[^/\\]+$/.test(row.localFilename) && row.localFilename !== '..' ? [row.localFilename] : []),
  ];
  const path = names.map((n) => join(folder, n)).find((p) => existsSync(p) && statSync(p).isFile());
  if (!path) return { none: true };
  const actual = await digestOfFile(path, algorithm);
  if (actual.digest !== digest) {
    return { problem: `${path} does not match its digest (${algorithm.toLowerCase()} ${actual.digest}, expected ${digest})` };
  }
  return { ok: { path, algorithm, digest, size: actual.size, fileName: digestFileName(algorithm, digest, 'rootfs.tar.gz') } };
}
