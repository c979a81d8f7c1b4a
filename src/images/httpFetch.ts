import { ImageCancelledError, ImageCatalogError } from './imageCatalogError';

/** Catalogs larger than this are refused rather than buffered (images.linuxcontainers.org is ~5 MB). */
export const MAX_CATALOG_BYTES = 128 * 1024 * 1024;

/**
 * How long a request may go on. `idleMs`: no byte (or no response headers) for that long; `totalMs`:
 * the whole exchange, body included. Without them a server that sends a byte every few seconds
 * holds a refresh or a download forever.
 */
export interface HttpLimits {
  idleMs: number;
  totalMs: number;
}

/** Catalogs and checksum files: small, so a slow one is a broken one. */
export const CATALOG_LIMITS: HttpLimits = { idleMs: 30_000, totalMs: 5 * 60_000 };
/** Image files: up to a few GB on a slow line, but never a minute without a byte. */
export const DOWNLOAD_LIMITS: HttpLimits = { idleMs: 60_000, totalMs: 6 * 3600_000 };

/** What callers pass down: the caller's cancel, and limits (tests shorten them). */
export interface HttpOptions {
  signal?: AbortSignal;
  limits?: Partial<HttpLimits>;
}

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

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

export interface TimedResponse {
  readonly res: Response;
  /** The body (as fetch decodes it), chunk by chunk; every chunk restarts the idle timer. */
  chunks(): AsyncGenerator<Uint8Array>;
  /** Stops the timers and drops an unread body. Always call it (finally). */
  close(): Promise<void>;
}

/**
 * fetch() under the caller's signal plus an idle and a total timeout. Every failure is an
 * ImageCatalogError naming the URL (a timeout says which one and how long), or ImageCancelledError
 * when the caller cancelled.
 */
export async function timedFetch(url: string, init: RequestInit, limits: HttpLimits, signal?: AbortSignal): Promise<TimedResponse> {
  const ac = new AbortController();
  let timedOut: string | null = null;
  const expire = (why: string): void => {
    timedOut ??= why;
    ac.abort(new ImageCatalogError(url, why));
  };
  const onCancel = (): void => ac.abort(signal?.reason);
  if (signal?.aborted) throw new ImageCancelledError(url);
  signal?.addEventListener('abort', onCancel, { once: true });
  const total = setTimeout(() => expire(`timed out: not finished after ${seconds(limits.totalMs)} (total timeout)`), limits.totalMs);
  const idle = setTimeout(() => expire(`timed out: no data for ${seconds(limits.idleMs)} (idle timeout)`), limits.idleMs);
  let closed = false;
  const stop = (): void => {
    clearTimeout(total);
    clearTimeout(idle);
    signal?.removeEventListener('abort', onCancel);
  };
  const describe = (err: unknown): Error =>
    signal?.aborted ? new ImageCancelledError(url) : timedOut ? new ImageCatalogError(url, timedOut) : describeFetchError(url, err);
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'follow', signal: ac.signal });
  } catch (err) {
    stop();
    throw describe(err);
  }
  idle.refresh();
  return {
    res,
    async *chunks() {
      try {
        if (!res.body) return;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          idle.refresh();
          yield chunk;
        }
        // The stream may end quietly when aborted between chunks.
        if (timedOut || signal?.aborted) throw describe(null);
      } catch (err) {
        throw describe(err);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      stop();
      if (res.body && !res.body.locked) await res.body.cancel().catch(() => undefined);
      // A body left half-read (we stopped early) must not keep the socket open; after a complete one this does nothing.
      ac.abort();
    },
  };
}

/** The HTTP status as an error naming the URL. */
export function statusError(url: string, res: Response): ImageCatalogError {
  return new ImageCatalogError(url, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
}

/**
 * GET with `If-None-Match`. 304 → no body; 200 → the body; anything else is an error naming the URL
 * and the HTTP status. The body is counted as it arrives, after fetch has inflated any
 * Content-Encoding: reading stops at `maxBytes`, so a small gzip body cannot inflate into gigabytes
 * of memory before the size is checked.
 */
export async function conditionalGet(url: string, etag: string | null, http: HttpOptions = {}, maxBytes = MAX_CATALOG_BYTES): Promise<ConditionalResult> {
  const headers: Record<string, string> = etag ? { 'If-None-Match': etag, Accept: 'application/json' } : { Accept: 'application/json' };
  const r = await timedFetch(url, { headers }, { ...CATALOG_LIMITS, ...http.limits }, http.signal);
  try {
    const newEtag = r.res.headers.get('etag');
    if (r.res.status === 304) return { status: 304, etag: newEtag ?? etag };
    if (r.res.status !== 200) throw statusError(url, r.res);
    const declared = Number(r.res.headers.get('content-length') ?? '0');
    if (declared > maxBytes) throw new ImageCatalogError(url, `catalog is too large (${declared} bytes; the limit is ${maxBytes})`);
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of r.chunks()) {
      size += chunk.length;
      if (size > maxBytes) throw new ImageCatalogError(url, `catalog is too large (more than ${maxBytes} bytes once decompressed; reading stopped there)`);
      parts.push(chunk);
    }
    return { status: 200, etag: newEtag, body: Buffer.concat(parts, size) };
  } finally {
    await r.close();
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
