import { ImageCatalogError } from './imageCatalogError';

// Paths, digests and file names read from catalogs are untrusted input: they decide which URL is
// fetched and which file is written. Everything is checked against a strict shape before use.

const SEGMENT = /^[A-Za-z0-9_+~@=-][A-Za-z0-9._+~@=:-]*$/;

/** A relative path inside a server: segments of plain characters, no `.`/`..`, no `/` at either end. */
export function checkRelativePath(where: string, path: unknown): string {
  if (typeof path !== 'string' || path.length === 0) throw new ImageCatalogError(where, 'path is missing');
  if (path.length > 1024) throw new ImageCatalogError(where, 'path is too long');
  if (path.startsWith('/')) throw new ImageCatalogError(where, `absolute path "${path}" is not allowed`);
  for (const seg of path.split('/')) {
    if (seg === '..' || seg === '.') throw new ImageCatalogError(where, `path "${path}" contains "${seg}"`);
    if (!SEGMENT.test(seg)) throw new ImageCatalogError(where, `path "${path}" contains unexpected characters`);
  }
  return path;
}

/** Resolves `rel` under `base` and proves the result stays under it (same origin, same prefix). */
export function resolveUnder(where: string, base: string, rel: string): string {
  checkRelativePath(where, rel);
  const baseUrl = new URL(base.endsWith('/') ? base : `${base}/`);
  const url = new URL(rel, baseUrl);
  if (url.origin !== baseUrl.origin || !url.pathname.startsWith(baseUrl.pathname)) {
    throw new ImageCatalogError(where, `path "${rel}" leaves ${baseUrl.href}`);
  }
  return url.href;
}

const DIGEST_LENGTH: Record<string, number> = { SHA256: 64, SHA384: 96, SHA512: 128 };

/** Normalizes an algorithm name (sha256, SHA-256 → SHA256); only the SHA-2 family is accepted. */
export function checkAlgorithm(where: string, algorithm: unknown): string {
  const a = typeof algorithm === 'string' ? algorithm.toUpperCase().replace('-', '') : '';
  if (!(a in DIGEST_LENGTH)) throw new ImageCatalogError(where, `unsupported digest algorithm "${String(algorithm)}"`);
  return a;
}

/** A lowercase hex digest of the right length for its algorithm. */
export function checkDigest(where: string, algorithm: string, digest: unknown): string {
  const d = typeof digest === 'string' ? digest.trim().toLowerCase() : '';
  const len = DIGEST_LENGTH[checkAlgorithm(where, algorithm)];
  if (!new RegExp(`^[0-9a-f]{${len}}$`).test(d)) {
    throw new ImageCatalogError(where, `"${String(digest)}" is not a ${algorithm} digest`);
  }
  return d;
}

const EXTENSIONS = ['rootfs.tar.gz', 'rootfs.tar.xz', 'tar.gz', 'tar.xz', 'tar.zst', 'tar.bz2', 'tgz', 'tar', 'squashfs',
  'img', 'qcow2'];

/** The extension kept for a downloaded file: one of a fixed list, else `bin`. Never taken verbatim. */
export function extensionOf(urlOrName: string): string {
  let name = urlOrName;
  try {
    name = new URL(urlOrName).pathname;
  } catch {
    /* a plain file name */
  }
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  return EXTENSIONS.find((e) => base.endsWith(`.${e}`)) ?? 'bin';
}

/** `<algorithm>_<digest>.<ext>`, e.g. `sha256_ab12….tar.xz`: the only names written in images/. */
export function digestFileName(algorithm: string, digest: string, ext: string): string {
  const a = checkAlgorithm('file name', algorithm).toLowerCase();
  const d = checkDigest('file name', algorithm, digest);
  if (!EXTENSIONS.includes(ext) && ext !== 'bin') throw new ImageCatalogError('file name', `extension "${ext}" is not allowed`);
  return `${a}_${d}.${ext}`;
}

/** True for names digestFileName could have produced (used before deleting or opening a stored file). */
export function isDigestFileName(name: string): boolean {
  const m = /^(sha256|sha384|sha512)_([0-9a-f]+)\.([a-z0-9.]+)$/.exec(name);
  if (!m) return false;
  return m[2].length === DIGEST_LENGTH[m[1].toUpperCase()] && (EXTENSIONS.includes(m[3]) || m[3] === 'bin');
}

/** Accepts only http(s) URLs without credentials. */
export function checkHttpUrl(where: string, value: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ImageCatalogError(where, `"${String(value)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ImageCatalogError(where, `"${url.protocol}" URLs are not supported (http or https only)`);
  }
  if (url.username || url.password) throw new ImageCatalogError(where, 'URLs with credentials are not accepted');
  return url;
}
