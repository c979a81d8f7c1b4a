import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { ImageSource } from '../entities/ImageSource';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import { upsertSources } from './applyCatalog';
import { digestFileName, extensionOf } from './catalogNames';
import { digestOfFile } from './fileDigest';
import { ImageCatalogError } from './imageCatalogError';
import { ImageType, LocalState, type SourceRow } from './imageKinds';
import { createLocalImageFromImageSource } from './localImages';
import { readTarballMetadata, type TarballMetadata } from './tarballMetadata';

export interface ImportResult {
  localImage: LocalImage;
  metadata: TarballMetadata;
  /** False when the same tarball (same digest) had been imported before. */
  created: boolean;
}

/** Copies `file` into the images folder under its digest name (temp file + rename; kept if present). */
export async function storeByDigest(imagesDir: string, file: string, fileName: string): Promise<void> {
  await mkdir(imagesDir, { recursive: true });
  const target = join(imagesDir, fileName);
  if (await stat(target).then(() => true, () => false)) return;
  const temp = join(imagesDir, `.import-${uuidv7()}.partial`);
  try {
    await copyFile(file, temp);
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

/**
 * Registers a tarball already on disk (type Local): computes its sha256, reads Distribution and
 * Release from LXD metadata.yaml or /etc/os-release inside it, copies it into the images folder as
 * `sha256_<digest>.<ext>`, and records an ImageSource (Type Local) with a Synced LocalImage.
 * Importing the same file again returns the existing entry (the key includes the digest).
 */
export async function importTarball(catalog: Catalog, imagesDir: string, path: string): Promise<ImportResult> {
  const file = resolve(path);
  const st = await stat(file).catch(() => null);
  if (!st || !st.isFile()) throw new ImageCatalogError(file, 'is not a file');
  const metadata = await readTarballMetadata(file);
  const { digest, size } = await digestOfFile(file);
  const fileName = digestFileName('SHA256', digest, extensionOf(basename(file)));
  await storeByDigest(imagesDir, file, fileName);
  const distribution = metadata.distribution ?? (/^[a-z]+/i.exec(basename(file))?.[0]?.toLowerCase() ?? 'unknown');
  const row: SourceRow = {
    type: ImageType.Local,
    name: metadata.distribution ? `${metadata.distribution} ${metadata.release ?? ''}`.trim() + ` (${basename(file)})` : basename(file),
    distribution,
    release: metadata.release,
    tags: `${metadata.release ?? 'latest'},sha256:${digest.slice(0, 12)}`,
    configured: 'FALSE',
    url: `file://${file}`,
    username: null,
    uid: null,
    localFilename: fileName,
    digestSource: null,
    digestAlgorithm: 'SHA256',
    digestUrl: null,
    digest,
    size,
    arch: metadata.arch,
    fingerprint: null,
  };
  return catalog.write(async (em) => {
    const before = await em.findOne(ImageSource, {
      where: { type: row.type, distribution: row.distribution, tags: row.tags, configured: row.configured },
    });
    await upsertSources(em, [row], () => `local:${digest}`);
    const source = await em.findOneOrFail(ImageSource, {
      where: { type: row.type, distribution: row.distribution, tags: row.tags, configured: row.configured },
    });
    const local = await createLocalImageFromImageSource(em, source);
    await em.update(LocalImage, { id: local.id }, { state: LocalState.Synced, localFilename: fileName, digest, size });
    return {
      localImage: await em.findOneOrFail(LocalImage, { where: { id: local.id } }),
      metadata,
      created: before === null,
    };
  });
}
