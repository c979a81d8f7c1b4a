import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageSource } from '../entities/ImageSource';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import { checkAlgorithm, checkDigest, checkHttpUrl, digestFileName, extensionOf } from './catalogNames';
import { fetchDigest } from './digestFiles';
import { DOWNLOAD_LIMITS, statusError, timedFetch, type HttpLimits, type TimedResponse } from './httpFetch';
import { ImageCancelledError, ImageCatalogError } from './imageCatalogError';
import { ImageType, LocalState } from './imageKinds';
import { createLocalImageFromImageSource, fileInUse, removeImageFile } from './localImages';
import { partialName, removeStalePartials } from './partialFiles';
import { checkStoredFile } from './storedFile';

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
  /** Idle and total timeouts (defaults: DOWNLOAD_LIMITS); tests shorten them. */
  limits?: Partial<HttpLimits>;
  /** The cap when neither the server nor the catalog gives a size (default: MAX_UNSIZED_DOWNLOAD_BYTES). */
  maxBytes?: number;
}

export interface DownloadResult {
  localImage: LocalImage;
  file: string;
  /** False when a file with the same digest was already there (verified, not downloaded again). */
  downloaded: boolean;
}

/**
 * The cap of a download whose size nobody declared (no Content-Length, no Size in the catalog):
 * far above any container or WSL image, far below a disk. A constant, not a setting: it only stops
 * an endless body.
 */
export const MAX_UNSIZED_DOWNLOAD_BYTES = 64 * 1024 ** 3;

/** The slack over a size the catalog gave (the server did not declare one): catalogs round. */
const CATALOG_SIZE_MARGIN = 1024 * 1024;

/**
 * Downloads `url` into `dir/.download-<pid>-<uuid>.partial` while hashing it, and renames it to
 * `dir/<target>` only when the digest matches. A wrong digest, an HTTP error, a timeout, a body
 * longer than its size or a cancel deletes the temp file: nothing partial is ever left under a
 * real name. The body may not exceed its Content-Length, else the catalog's size (plus a small
 * margin), else MAX_UNSIZED_DOWNLOAD_BYTES: a server cannot fill the disk.
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
  const temp = join(dir, partialName('download'));
  const fh = await open(temp, 'wx', 0o644);
  let closed = false;
  let r: TimedResponse | null = null;
  try {
    // identity: the digest is of the file itself, not of a transfer encoding of it.
    r = await timedFetch(url, { headers: { 'Accept-Encoding': 'identity' } }, { ...DOWNLOAD_LIMITS, ...opts.limits }, opts.signal);
    const res = r.res;
    if (res.status !== 200 || !res.body) throw statusError(url, res);
    const header = res.headers.has('content-length') ? Number(res.headers.get('content-length')) : null;
    const declared = header !== null && Number.isSafeInteger(header) && header >= 0 ? header : null;
    const total = declared ?? sizeHint;
    const cap = declared ?? (sizeHint !== null ? sizeHint + CATALOG_SIZE_MARGIN : opts.maxBytes ?? MAX_UNSIZED_DOWNLOAD_BYTES);
    const capWhy = declared !== null ? 'its Content-Length' : sizeHint !== null ? 'the size the catalog gives (plus 1 MiB)' : 'the limit for a download of unknown size';
    const hash = createHash(algorithm.toLowerCase());
    let received = 0;
    opts.onProgress?.({ received, total, percent: total ? 0 : null });
    for await (const chunk of r.chunks()) {
      received += chunk.length;
      if (received > cap) {
        throw new ImageCatalogError(url, `the server sent more than ${cap} bytes (${capWhy}); the download was stopped and its partial file deleted`);
      }
      hash.update(chunk);
      await fh.write(chunk);
      opts.onProgress?.({ received, total, percent: total ? Math.min(100, (received / total) * 100) : null });
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
  } finally {
    await r?.close();
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
    digest = await fetchDigest(url, source.digestUrl, source.digestSource, algorithm, { signal: opts.signal, limits: opts.limits });
  } else {
    throw new ImageCatalogError(url, 'the source has no digest and no checksum file; refusing an unverified download');
  }
  const fileName = digestFileName(algorithm, digest, extensionOf(url));
  const { local, created } = await catalog.write(async (em) => {
    const before = await em.count(LocalImage, { where: { imageSourceId: source.id } });
    return { local: await createLocalImageFromImageSource(em, source), created: before === 0 };
  });
  await mkdir(imagesDir, { recursive: true });
  await removeStalePartials(imagesDir);
  const path = join(imagesDir, fileName);
  let downloaded = false;
  try {
    if ((await checkStoredFile(catalog, imagesDir, fileName, algorithm, digest)) === 'match') {
      opts.onProgress?.({ received: source.size ?? 0, total: source.size, percent: 100 });
    } else {
      // A file with the wrong content stays until the verified download renames over it.
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
