import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageCancelledError, ImageCatalogError } from './imageCatalogError';
import { partialName } from './partialFiles';

export interface DownloadProgress {
  /** Bytes received so far. */
  received: number;
  /** Expected bytes (Content-Length, else the catalog's Size), when known. */
  total: number | null;
  /** 0–100 when total is known. */
  percent: number | null;
}

/** A body on its way: the size its sender declared (null: none) and its chunks. */
export interface IncomingBody {
  readonly declared: number | null;
  chunks(): AsyncIterable<Uint8Array>;
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
 * Writes `body` into `dir/.download-<pid>-<uuid>.partial` while hashing it, and renames it to
 * `dir/<target>` only when the digest matches. A wrong digest, a failed read, a body longer than its
 * size or a cancel deletes the temp file: nothing partial is ever left under a real name. The body may
 * not exceed its declared size, else the catalog's size (plus a small margin), else `maxBytes`
 * (MAX_UNSIZED_DOWNLOAD_BYTES): a server cannot fill the disk. Shared by plain downloads and registry
 * layers.
 */
export async function writeVerified(
  where: string,
  dir: string,
  target: string,
  algorithm: string,
  expected: string,
  body: IncomingBody,
  sizeHint: number | null,
  opts: { onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal; maxBytes?: number } = {},
): Promise<void> {
  const temp = join(dir, partialName('download'));
  const fh = await open(temp, 'wx', 0o644);
  let closed = false;
  try {
    const { declared } = body;
    const total = declared ?? sizeHint;
    const cap = declared ?? (sizeHint !== null ? sizeHint + CATALOG_SIZE_MARGIN : opts.maxBytes ?? MAX_UNSIZED_DOWNLOAD_BYTES);
    const capWhy = declared !== null ? 'its Content-Length' : sizeHint !== null ? 'the size the catalog gives (plus 1 MiB)' : 'the limit for a download of unknown size';
    const hash = createHash(algorithm.toLowerCase());
    let received = 0;
    opts.onProgress?.({ received, total, percent: total ? 0 : null });
    for await (const chunk of body.chunks()) {
      received += chunk.length;
      if (received > cap) {
        throw new ImageCatalogError(where, `the server sent more than ${cap} bytes (${capWhy}); the download was stopped and its partial file deleted`);
      }
      hash.update(chunk);
      await fh.write(chunk);
      opts.onProgress?.({ received, total, percent: total ? Math.min(100, (received / total) * 100) : null });
    }
    if (opts.signal?.aborted) throw new ImageCancelledError(where);
    if (declared !== null && received !== declared) {
      throw new ImageCatalogError(where, `download ended after ${received} of ${declared} bytes`);
    }
    const actual = hash.digest('hex');
    if (actual !== expected) {
      throw new ImageCatalogError(where, `digest mismatch: expected ${algorithm.toLowerCase()} ${expected}, got ${actual}; the downloaded file was deleted`);
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
