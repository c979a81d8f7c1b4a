import * as http from 'node:http';
import * as https from 'node:https';
import { HttpAbortError, HttpTimeoutError } from './httpRequest';

export interface HttpStreamOptions {
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole exchange, body included (a layer of a few GB on a slow line takes hours). */
  readonly timeoutMs: number;
  /** No byte (nor the response headers) for this long ends the exchange. */
  readonly idleTimeoutMs: number;
  readonly signal?: AbortSignal;
  readonly agent: http.Agent | https.Agent;
}

export interface HttpStream {
  readonly status: number;
  readonly headers: Readonly<Record<string, string[]>>;
  /** The body chunk by chunk; a timeout or a cancel throws from here. Read it once. */
  chunks(): AsyncGenerator<Buffer>;
  /** Up to `max` bytes of the body, for an error answer's message. */
  head(max?: number): Promise<Buffer>;
  /** Drops the rest of the body and the timers. Always call it (finally). */
  close(): void;
}

/**
 * One GET whose body is read as it arrives instead of buffered (httpRequest keeps registry answers in
 * memory; a layer blob is a whole root file system). Resolves on the response headers; the idle and
 * total timers keep running while the caller reads, so a registry that stops sending ends the read.
 */
export function openHttpStream(options: HttpStreamOptions): Promise<HttpStream> {
  const { url, signal } = options;
  return new Promise<HttpStream>((resolve, reject) => {
    if (signal?.aborted) return reject(new HttpAbortError());
    const lib = url.protocol === 'https:' ? https : http;
    let failure: Error | undefined;
    let answered = false;
    let res: http.IncomingMessage | undefined;
    const fail = (err: Error): void => {
      if (failure) return;
      failure = err;
      stop();
      req.destroy(err);
      if (!answered) reject(err);
    };
    const stop = (): void => {
      clearTimeout(total);
      clearTimeout(idle);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => fail(new HttpAbortError());
    const total = setTimeout(() => fail(new HttpTimeoutError(options.timeoutMs, answered ? 'answered' : 'total')), options.timeoutMs);
    const idleMs = Math.min(options.idleTimeoutMs, options.timeoutMs);
    const idle = setTimeout(() => fail(new HttpTimeoutError(idleMs, 'idle')), idleMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    const req = lib.request(url, { method: 'GET', headers: { 'user-agent': 'container-catalog', ...options.headers }, agent: options.agent }, (response) => {
      answered = true;
      res = response;
      idle.refresh();
      const headers: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(response.headersDistinct)) if (v) headers[k] = v;
      async function* chunks(): AsyncGenerator<Buffer> {
        try {
          for await (const chunk of response as AsyncIterable<Buffer>) {
            idle.refresh();
            yield chunk;
          }
        } catch (err) {
          throw failure ?? err;
        }
        if (failure) throw failure;
        if (!response.complete) throw new Error('connection closed before the answer was complete');
        stop();
      }
      resolve({
        status: response.statusCode ?? 0,
        headers,
        chunks,
        async head(max = 64 * 1024) {
          const parts: Buffer[] = [];
          let size = 0;
          for await (const c of chunks()) {
            parts.push(c);
            size += c.length;
            if (size >= max) break;
          }
          return Buffer.concat(parts).subarray(0, max);
        },
        close() {
          stop();
          if (!res?.complete) req.destroy();
        },
      });
    });
    req.on('error', (e) => fail(e));
    req.end();
  });
}
