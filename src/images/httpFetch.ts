import { ImageCancelledError, ImageCatalogError } from './imageCatalogError';

/** Catalogs larger than this are refused rather than buffered (images.linuxcontainers.org is ~5 MB). */
const MAX_CATALOG_BYTES = 128 * 1024 * 1024;

export type ConditionalResult =
  | { readonly status: 304; readonly etag: string | null }
  | { readonly status: 200; readonly etag: string | null; readonly body: Buffer };

/** Turns fetch's failures into errors that name the URL and the cause (ECONNREFUSED, TLS, …). */
export function describeFetchError(url: string, err: unknown, signal?: AbortSignal): Error {
  if (signal?.aborted) return new ImageCancelledError(url);
  if (err instanceof ImageCatalogError || err instanceof ImageCancelledError) return err;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
  return new ImageCatalogError(url, `request failed (${detail})`);
}

/**
 * GET with `If-None-Match`. 304 → no body; 200 → the body; anything else is an error naming the URL
 * and the HTTP status.
 */
export async function conditionalGet(url: string, etag: string | null, signal?: AbortSignal): Promise<ConditionalResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: etag ? { 'If-None-Match': etag, Accept: 'application/json' } : { Accept: 'application/json' },
      redirect: 'follow',
      signal,
    });
  } catch (err) {
    throw describeFetchError(url, err, signal);
  }
  const newEtag = res.headers.get('etag');
  if (res.status === 304) return { status: 304, etag: newEtag ?? etag };
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    throw new ImageCatalogError(url, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  }
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_CATALOG_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    throw new ImageCatalogError(url, `catalog is too large (${declared} bytes)`);
  }
  try {
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > MAX_CATALOG_BYTES) throw new ImageCatalogError(url, `catalog is too large (${body.length} bytes)`);
    return { status: 200, etag: newEtag, body };
  } catch (err) {
    throw describeFetchError(url, err, signal);
  }
}

/** Parses JSON and reports a syntax error with the URL instead of a bare SyntaxError. */
export function parseJson(url: string, body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ImageCatalogError(url, `malformed JSON (${(err as Error).message})`);
  }
}
