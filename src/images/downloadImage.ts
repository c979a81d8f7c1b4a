import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { ImageSource } from '../entities/ImageSource';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import { checkAlgorithm, checkDigest, checkHttpUrl, digestFileName, extensionOf } from './catalogNames';
import { fetchDigest } from './digestFiles';
import { digestOfFile } from './fileDigest';
import { describeFetchError } from './httpFetch';
import { ImageCancelledError, ImageCatalogError } from './imageCatalogError';
import { ImageType, LocalState } from './imageKinds';
import { createLocalImageFromImageSource, fileInUse, removeImageFile } from './localImages';

export interface DownloadProgress {
  /** Bytes received so far. */
  received: number;
  /** Expected bytes (Content-Length, else the catalog's Size), when known. */
  total: number | null;
  /** 0–100 when total is known. */
  percent: number | null;
}

export interface DownloadOptions {
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

export interface DownloadResult {
  localImage: LocalImage;
  file: string;
  /** False when a file with the same digest was already there (verified, not downloaded again). */
  downloaded: boolean;
}

/**
 * Downloads `url` into `dir/.download-<uuid>.partial` while hashing it, and renames it to
 * `dir/<target>` only when the digest matches. A wrong digest, an HTTP error or a cancel deletes
 * the temp file: nothing partial is ever left under a real name.
 */
export async function downloadVerified(
  url: string,
  dir: string,
  target: string,
  algorithm: string,
  expected: string,
  sizeHint: number | null,
  opts: DownloadOptions = {},
): Promise<void> {
  const temp = join(dir, `.download-${uuidv7()}.partial`);
  const fh = await open(temp, 'wx', 0o644);
  let closed = false;
  try {
    let res: Response;
    try {
      res = await fetch(url, { redirect: 'follow', signal: opts.signal });
    } catch (err) {
      throw describeFetchError(url, err, opts.signal);
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      throw new ImageCatalogError(url, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const declared = res.headers.has('content-length') ? Number(res.headers.get('content-length')) : null;
    const total = declared ?? sizeHint;
    const hash = createHash(algorithm.toLowerCase());
    let received = 0;
    opts.onProgress?.({ received, total, percent: total ? 0 : null });
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        await fh.write(chunk);
        received += chunk.length;
        opts.onProgress?.({ received, total, percent: total ? Math.min(100, (received / total) * 100) : null });
      }
    } catch (err) {
      throw describeFetchError(url, err, opts.signal);
    }
    if (opts.signal?.aborted) throw new ImageCancelledError(url);
    if (declared !== null && received !== declared) {
      throw new ImageCatalogError(url, `download ended after ${received} of ${declared} bytes`);
    }
    const actual = hash.digest('hex');
    if (actual !== expected) {
      throw new ImageCatalogError(url, `digest mismatch: expected ${algorithm.toLowerCase()} ${expected}, got ${actual}; the downloaded file was deleted`);
    }
    await fh.sync();
    await fh.close();
    closed = true;
    await rename(temp, join(dir, target));
  } catch (err) {
    if (!closed) await fh.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
}

/**
 * Downloads the image of an ImageSource into `imagesDir` as `<algorithm>_<digest>.<ext>` and marks
 * its LocalImage Synced (creating the NotDownloaded entry first, as CreateLocalImageFromImageSource
 * does). An existing file with the same name is re-verified and reused.
 */
export async function downloadImageSource(
  catalog: Catalog,
  imagesDir: string,
  sourceId: string,
  opts: DownloadOptions = {},
): Promise<DownloadResult> {
  const source = await catalog.read((em) => em.findOne(ImageSource, { where: { id: sourceId } }));
  if (!source) throw new ImageCatalogError(`image source ${sourceId}`, 'does not exist');
  if (source.type === ImageType.Docker) {
    throw new ImageCatalogError(source.url ?? source.id, 'registry images are pulled by a container engine, not downloaded as a file');
  }
  const url = checkHttpUrl(`image source ${source.id}`, source.url).href;
  const algorithm = checkAlgorithm(url, source.digestAlgorithm ?? 'SHA256');
  let digest: string;
  if (source.digest) {
    digest = checkDigest(url, algorithm, source.digest);
  } else if (source.digestUrl && (source.digestSource === 'sums' || source.digestSource === 'single')) {
    digest = await fetchDigest(url, source.digestUrl, source.digestSource, algorithm, opts.signal);
  } else {
    throw new ImageCatalogError(url, 'the source has no digest and no checksum file; refusing an unverified download');
  }
  const fileName = digestFileName(algorithm, digest, extensionOf(url));
  const { local, created } = await catalog.write(async (em) => {
    const before = await em.count(LocalImage, { where: { imageSourceId: source.id } });
    return { local: await createLocalImageFromImageSource(em, source), created: before === 0 };
  });
  await mkdir(imagesDir, { recursive: true });
  const path = join(imagesDir, fileName);
  let downloaded = false;
  try {
    if (existsSync(path) && (await digestOfFile(path, algorithm)).digest === digest) {
      opts.onProgress?.({ received: source.size ?? 0, total: source.size, percent: 100 });
    } else {
      await rm(path, { force: true });
      await downloadVerified(url, imagesDir, fileName, algorithm, digest, source.size, opts);
      downloaded = true;
    }
  } catch (err) {
    // A failed or cancelled first download leaves nothing behind, not even the NotDownloaded entry
    // made for it; an entry that existed before stays as it was.
    if (created) await catalog.write((em) => em.delete(LocalImage, { id: local.id, state: LocalState.NotDownloaded }));
    throw err;
  }
  const { size } = await stat(path);
  const previousFile = local.state === LocalState.NotDownloaded ? null : local.localFilename;
  const updated = await catalog.write(async (em) => {
    await em.update(LocalImage, { id: local.id }, {
      state: LocalState.Synced,
      localFilename: fileName,
      digest,
      digestAlgorithm: algorithm,
      size,
      url,
      digestUrl: source.digestUrl,
      digestSource: source.digestSource,
    });
    const stale = previousFile && previousFile !== fileName && !(await fileInUse(em, previousFile, local.id)) ? previousFile : null;
    return { row: await em.findOneOrFail(LocalImage, { where: { id: local.id } }), stale };
  });
  // An Outdated entry's old file goes once nothing else uses it.
  if (updated.stale) await removeImageFile(imagesDir, updated.stale);
  return { localImage: updated.row, file: path, downloaded };
}
