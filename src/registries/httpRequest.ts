import * as http from 'node:http';
import * as https from 'node:https';

export interface HttpRequestOptions {
  readonly method: 'GET' | 'HEAD';
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  /** Covers the whole exchange: connect, TLS, headers and body. */
  readonly timeoutMs: number;
  /** No byte (nor the response headers) for this long ends the exchange; default: the total timeout. */
  readonly idleTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly agent: http.Agent | https.Agent;
  /** Bodies above this are refused rather than buffered (a catalog page or manifest is far smaller). */
  readonly maxBodyBytes?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string[]>>;
  readonly body: Buffer;
}

/** Thrown for a timeout; the caller maps it (and the other network errors) to a RegistryError. */
export class HttpTimeoutError extends Error {
  constructor(
    readonly timeoutMs: number,
    /** `total`: the exchange took too long; `idle`: nothing arrived for too long; `answered`: headers came, the body did not finish. */
    readonly reason: 'total' | 'idle' | 'answered' = 'total',
  ) {
    super(`${reason === 'idle' ? 'nothing received for' : 'no complete answer within'} ${timeoutMs} ms`);
    this.name = 'HttpTimeoutError';
  }
}

export class HttpAbortError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}

/** One HTTP exchange with a hard deadline and cancellation; the body is buffered (registry answers are small). */
export function httpRequest(options: HttpRequestOptions): Promise<HttpResponse> {
  const { url, signal } = options;
  const maxBody = options.maxBodyBytes ?? 32 * 1024 * 1024;
  return new Promise<HttpResponse>((resolve, reject) => {
    if (signal?.aborted) return reject(new HttpAbortError());
    const lib = url.protocol === 'https:' ? https : http;
    let settled = false;
    let answered = false;
    const finish = (err: Error | undefined, res?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(idle);
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(res!);
    };
    const onAbort = () => finish(new HttpAbortError());
    const timer = setTimeout(() => finish(new HttpTimeoutError(options.timeoutMs, answered ? 'answered' : 'total')), options.timeoutMs);
    // A server that trickles (a byte every few seconds) is caught by the idle timer before the total one.
    const idleMs = Math.min(options.idleTimeoutMs ?? options.timeoutMs, options.timeoutMs);
    let idle = setTimeout(() => finish(new HttpTimeoutError(idleMs, 'idle')), idleMs);
    const stillAlive = () => {
      clearTimeout(idle);
      idle = setTimeout(() => finish(new HttpTimeoutError(idleMs, 'idle')), idleMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const req = lib.request(url, { method: options.method, headers: { 'user-agent': 'container-catalog', ...options.headers }, agent: options.agent }, (res) => {
      answered = true;
      stillAlive();
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        stillAlive();
        size += chunk.length;
        if (size > maxBody) {
          finish(new Error(`answer larger than ${maxBody} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish(undefined, { status: res.statusCode ?? 0, headers: distinctHeaders(res), body: Buffer.concat(chunks) }));
      res.on('error', (e) => finish(e));
      res.on('aborted', () => finish(new Error('connection closed before the answer was complete')));
    });
    req.on('error', (e) => finish(e));
    req.end();
  });
}

function distinctHeaders(res: http.IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(res.headersDistinct)) if (v) out[k] = v;
  return out;
}
