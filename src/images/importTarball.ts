import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ImageSource } from '../entities/ImageSource';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import { upsertSources } from './applyCatalog';
import { digestFileName, extensionOf } from './catalogNames';
import { digestOfFile } from './fileDigest';
import { ImageCatalogError } from './imageCatalogError';
import { ImageType, LocalState, type SourceRow } from './imageKinds';
import { createLocalImageFromImageSource } from './localImages';
import { partialName, removeStalePartials } from './partialFiles';
import { checkStoredFile } from './storedFile';
import { readTarballMetadata, type TarballMetadata } from './tarballMetadata';

export interface ImportResult {
  localImage: LocalImage;
  metadata: TarballMetadata;
  /** False when the same tarball (same digest) had been imported before. */
  created: boolean;
}

/**
 * Copies `file` into the images folder under its digest name: hashed while copied into a partial,
 * renamed into place only when the copy has `digest` (a file that changed meanwhile is refused). A
 * file already there under that name is reused only when its content has that digest; one that
 * does not is replaced, and the entries using it are marked as Verify marks a mismatch.
 */
export async function storeByDigest(catalog: Catalog, imagesDir: string, file: string, fileName: string, algorithm: string, digest: string): Promise<void> {
  await mkdir(imagesDir, { recursive: true });
  await removeStalePartials(imagesDir);
  if ((await checkStoredFile(catalog, imagesDir, fileName, algorithm, digest)) === 'match') return;
  const temp = join(imagesDir, partialName('import'));
  try {
    const hash = createHash(algorithm.toLowerCase());
    await pipeline(createReadStream(file), async function* (chunks: AsyncIterable<Buffer>) {
      for await (const c of chunks) {
        hash.update(c);
        yield c;
      }
    }, createWriteStream(temp, { flags: 'wx', mode: 0o644 }));
    const copied = hash.digest('hex');
    if (copied !== digest) throw new ImageCatalogError(file, `changed while it was imported (${algorithm.toLowerCase()} ${copied}, expected ${digest}); nothing was stored`);
    await rename(temp, join(imagesDir, fileName));
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
  await storeByDigest(catalog, imagesDir, file, fileName, 'SHA256', digest);
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
