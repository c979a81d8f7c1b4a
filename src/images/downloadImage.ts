import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageSource } from '../entities/ImageSource';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import { checkAlgorithm, checkDigest, checkHttpUrl, digestFileName, extensionOf } from './catalogNames';
import { fetchDigest } from './digestFiles';
import { asImageError, resolveDockerRootfs, type DockerRootfsLayer } from './dockerRootfs';
import { DOWNLOAD_LIMITS, statusError, timedFetch, type HttpLimits } from './httpFetch';
import { ImageCatalogError } from './imageCatalogError';
import { ImageType, LocalState } from './imageKinds';
import { createLocalImageFromImageSource, fileInUse, removeImageFile } from './localImages';
import { removeStalePartials } from './partialFiles';
import type { CredentialsFor } from './registryImages';
import { checkStoredFile } from './storedFile';
import { writeVerified, type DownloadProgress } from './writeVerified';

export type { DownloadProgress } from './writeVerified';
export { MAX_UNSIZED_DOWNLOAD_BYTES } from './writeVerified';

export interface DownloadOptions {
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Idle and total timeouts (defaults: DOWNLOAD_LIMITS); tests shorten them. */
  limits?: Partial<HttpLimits>;
  /** The cap when neither the server nor the catalog gives a size (default: MAX_UNSIZED_DOWNLOAD_BYTES). */
  maxBytes?: number;
  /** The saved login of a catalog registry, for a docker:// source on it (anonymous otherwise). */
  credentialsFor?: CredentialsFor;
}

export interface DownloadResult {
  localImage: LocalImage;
  file: string;
  /** False when a file with the same digest was already there (verified, not downloaded again). */
  downloaded: boolean;
}

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
  // identity: the digest is of the file itself, not of a transfer encoding of it.
  const r = await timedFetch(url, { headers: { 'Accept-Encoding': 'identity' } }, { ...DOWNLOAD_LIMITS, ...opts.limits }, opts.signal);
  try {
    const res = r.res;
    if (res.status !== 200 || !res.body) throw statusError(url, res);
    const header = res.headers.has('content-length') ? Number(res.headers.get('content-length')) : null;
    const declared = header !== null && Number.isSafeInteger(header) && header >= 0 ? header : null;
    await writeVerified(url, dir, target, algorithm, expected, { declared, chunks: () => r.chunks() }, sizeHint, opts);
  } finally {
    await r.close();
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
  const docker = source.url?.startsWith('docker://') ? await dockerLayerOf(catalog, source, opts) : null;
  try {
    return await downloadResolved(catalog, imagesDir, source, docker, opts);
  } finally {
    docker?.close();
  }
}

async function downloadResolved(catalog: Catalog, imagesDir: string, source: ImageSource, docker: DockerRootfsLayer | null, opts: DownloadOptions): Promise<DownloadResult> {
  const url = docker ? source.url! : checkHttpUrl(`image source ${source.id}`, source.url).href;
  const algorithm = docker ? 'SHA256' : checkAlgorithm(url, source.digestAlgorithm ?? 'SHA256');
  let digest: string;
  if (docker) {
    digest = docker.digest;
  } else if (source.digest) {
    digest = checkDigest(url, algorithm, source.digest);
  } else if (source.digestUrl && (source.digestSource === 'sums' || source.digestSource === 'single')) {
    digest = await fetchDigest(url, source.digestUrl, source.digestSource, algorithm, { signal: opts.signal, limits: opts.limits });
  } else {
    throw new ImageCatalogError(url, 'the source has no digest and no checksum file; refusing an unverified download');
  }
  const fileName = digestFileName(algorithm, digest, docker ? 'rootfs.tar.gz' : extensionOf(url));
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
    } else if (docker) {
      await downloadLayer(url, docker, imagesDir, fileName, source.size, opts);
      downloaded = true;
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

/** A docker:// source's single layer (its digest checked against the row's, when the row has a SHA256 one). */
function dockerLayerOf(catalog: Catalog, source: ImageSource, opts: DownloadOptions): Promise<DockerRootfsLayer> {
  const algorithm = (source.digestAlgorithm ?? 'SHA256').toUpperCase().replace('-', '');
  const expected = source.digest && algorithm === 'SHA256' ? checkDigest(source.url!, 'SHA256', source.digest) : null;
  return resolveDockerRootfs(catalog, source.url!, expected, opts.credentialsFor, opts.signal);
}

/** Streams the layer's blob into `target`, verified against the layer digest as it is written. */
async function downloadLayer(url: string, layer: DockerRootfsLayer, dir: string, target: string, sizeHint: number | null, opts: DownloadOptions): Promise<void> {
  const blob = await layer.open(opts.limits);
  try {
    const chunks = async function* (): AsyncGenerator<Uint8Array> {
      try {
        yield* blob.chunks();
      } catch (e) {
        throw asImageError(url, e, opts.signal);
      }
    };
    await writeVerified(url, dir, target, 'SHA256', layer.digest, { declared: blob.size ?? layer.size, chunks }, sizeHint, opts);
  } finally {
    blob.close();
  }
}
