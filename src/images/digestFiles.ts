import { checkDigest, checkHttpUrl } from './catalogNames';
import { ImageCatalogError } from './imageCatalogError';
import { conditionalGet, type HttpOptions } from './httpFetch';

/** The file name part of a URL (decoded), used to find its line in a SHA256SUMS file. */
export function fileNameOfUrl(url: string): string {
  const path = new URL(url).pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/**
 * Finds `fileName` in a `sha256sum` style listing ("<hex>  name" or "<hex> *name"; BSD style
 * "SHA256 (name) = <hex>" too). Errors name the sums URL and the missing file.
 */
export function digestFromSums(sumsUrl: string, text: string, fileName: string, algorithm = 'SHA256'): string {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const gnu = /^([0-9A-Fa-f]+)\s+\*?(.+)$/.exec(line);
    if (gnu && (gnu[2] === fileName || gnu[2] === `./${fileName}`)) return checkDigest(sumsUrl, algorithm, gnu[1]);
    const bsd = /^[A-Z0-9-]+ \((.+)\) = ([0-9A-Fa-f]+)$/.exec(line);
    if (bsd && bsd[1] === fileName) return checkDigest(sumsUrl, algorithm, bsd[2]);
  }
  throw new ImageCatalogError(sumsUrl, `no checksum listed for "${fileName}"`);
}

/** A `.sha256` file: its first token is the digest (any file name after it is ignored). */
export function digestFromSingle(url: string, text: string, algorithm = 'SHA256'): string {
  const token = text.trim().split(/\s+/)[0] ?? '';
  if (!token) throw new ImageCatalogError(url, 'the checksum file is empty');
  return checkDigest(url, algorithm, token);
}

/** Checksum files list a few hundred lines at most; anything bigger is not one. */
const MAX_SUMS_BYTES = 16 * 1024 * 1024;

async function getText(url: string, http: HttpOptions): Promise<string> {
  checkHttpUrl(url, url);
  const r = await conditionalGet(url, null, http, MAX_SUMS_BYTES);
  if (r.status !== 200) throw new ImageCatalogError(url, `unexpected HTTP ${r.status}`);
  return r.body.toString('utf8');
}

/** Reads the digest of `imageUrl` from its checksum file, by DigestSource (`sums` or `single`). */
export async function fetchDigest(
  imageUrl: string,
  digestUrl: string,
  digestSource: 'sums' | 'single',
  algorithm = 'SHA256',
  http: HttpOptions = {},
): Promise<string> {
  const text = await getText(digestUrl, http);
  return digestSource === 'sums'
    ? digestFromSums(digestUrl, text, fileNameOfUrl(imageUrl), algorithm)
    : digestFromSingle(digestUrl, text, algorithm);
}
