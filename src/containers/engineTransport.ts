import * as http from 'node:http';
import { isHttpsEndpoint } from './remoteEndpoint';
import * as https from 'node:https';
import { X509Certificate, createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import { EngineError } from './engineError';

/** Where an engine listens and how to prove who we are. Secrets arrive as PEM text, never stored here. */
export interface EngineEndpoint {
  /** A unix socket path, or `https://host:port`. */
  readonly endpoint: string;
  /** PEM client certificate and key (HTTPS only; LXD authenticates clients by certificate). */
  readonly clientCert?: string;
  readonly clientKey?: string;
  /** PEM of the server certificate to pin. Without it the first certificate seen is trusted and reported. */
  readonly serverCert?: string;
  /** Trust on first use: told the server certificate the first time one is accepted without a pin. */
  readonly onFirstServerCert?: (pem: string, fingerprint: string) => void | Promise<void>;
  readonly timeoutMs?: number;
  /**
   * Opens a new connection to the engine by other means (an SSH channel to a remote socket, TLS to a
   * Docker tcp:// address): HTTP is spoken over what it returns, exactly as over a local socket.
   */
  readonly dial?: () => Promise<Duplex>;
}

export interface EngineResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * A request body read from a stream as it is sent (file uploads), so a large file is never held whole in
 * memory. `length` is its exact size in bytes (sent as Content-Length: the engines' file endpoints want it).
 */
export interface StreamBody {
  readonly stream: Readable;
  readonly length: number;
}

function isStreamBody(body: unknown): body is StreamBody {
  // A JSON body could have keys named so; only a real stream with a numeric length is streamed.
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && (body as StreamBody).stream instanceof Readable && typeof (body as StreamBody).length === 'number';
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Raw request body with its content type (uploads); otherwise `body` is sent as JSON. */
  readonly contentType?: string;
  /** Extra request headers (`X-Registry-Auth`; LXD's file API takes a file's mode and owner in headers); never logged. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Streamed answers (pull progress): the body of a 2xx answer is handed over chunk by chunk as it
   * arrives and not kept; other answers are buffered as usual so their error can be read.
   */
  readonly onChunk?: (chunk: Buffer) => void;
}

export function certFingerprint(pemOrDer: string | Buffer): string {
  const der = typeof pemOrDer === 'string' ? new X509Certificate(pemOrDer).raw : pemOrDer;
  return createHash('sha256').update(der).digest('hex');
}

function derToPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** A keep-alive agent whose connections come from `dial` (channels or TLS sockets), one per HTTP connection. */
class DialAgent extends http.Agent {
  constructor(private readonly dial: () => Promise<Duplex>) {
    super({ keepAlive: true, maxSockets: 8 });
  }

  override createConnection(_opts: unknown, cb?: (err: Error | null, socket: Duplex) => void): undefined {
    this.dial().then(
      (s) => cb?.(null, s),
      (e: Error) => cb?.(e, undefined as never),
    );
    return undefined;
  }
}

/**
 * HTTP over a unix socket, over connections a dialer opens (SSH channels, TLS), or HTTPS (TLS 1.3, client certificate, pinned server certificate), with one
 * keep-alive agent per engine. Pinning compares the whole DER certificate: LXD's server certificates are
 * self-signed, so CA validation would prove nothing.
 */
export class EngineTransport {
  private readonly agent: http.Agent;
  private readonly https: boolean;
  private readonly base: URL | undefined;
  private pinned: Buffer | undefined;

  constructor(private readonly ep: EngineEndpoint) {
    this.https = isHttpsEndpoint(ep.endpoint);
    if (this.https) {
      try {
        this.base = new URL(ep.endpoint);
      } catch {
        throw new EngineError('protocol', `Not a valid https URL: ${ep.endpoint}`);
      }
      if (!ep.clientCert || !ep.clientKey) {
        throw new EngineError('tls', `A client certificate and key are needed for ${ep.endpoint}.`);
      }
      if (ep.serverCert) {
        try {
          this.pinned = new X509Certificate(ep.serverCert).raw;
        } catch {
          throw new EngineError('tls', 'The pinned server certificate is not a valid PEM certificate.');
        }
      }
      this.agent = new https.Agent({
        keepAlive: true,
        maxSockets: 8,
        cert: ep.clientCert,
        key: ep.clientKey,
        minVersion: 'TLSv1.3',
        rejectUnauthorized: false,
        // A resumed TLS session carries no peer certificate, so the pin could not be checked.
        maxCachedSessions: 0,
      });
    } else if (ep.dial) {
      this.agent = new DialAgent(ep.dial);
    } else {
      if (!ep.endpoint.startsWith('/')) {
        throw new EngineError('protocol', `Expected a unix socket path or an https:// URL, got "${ep.endpoint}".`);
      }
      this.agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    }
  }

  get endpoint(): string {
    return this.ep.endpoint;
  }

  request(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<EngineResponse> {
    if (opts.signal?.aborted) return Promise.reject(new EngineError('cancelled', 'Cancelled.'));
    const streamed = isStreamBody(body) ? body : undefined;
    const payload =
      body === undefined || streamed ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body), 'utf8');
    const headers: Record<string, string | number> = { Accept: 'application/json', ...opts.headers };
    if (payload || streamed) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = streamed ? streamed.length : payload!.length;
    }
    const timeout = opts.timeoutMs ?? this.ep.timeoutMs ?? 30_000;
    return new Promise<EngineResponse>((resolve, reject) => {
      let settled = false;
      const fail = (e: EngineError): void => {
        if (settled) return;
        settled = true;
        req.destroy();
        streamed?.stream.destroy();
        reject(e);
      };
      const common = { method, path, headers, agent: this.agent, timeout, signal: opts.signal };
      const req = this.https
        ? https.request({ ...common, host: this.base!.hostname.replace(/^\[|\]$/g, ''), port: this.base!.port || 8443 })
        : http.request({ ...common, ...this.plainTarget() });
      if (this.https) {
        req.on('socket', (s) => {
          const tls = s as TLSSocket;
          if (!tls.connecting) return; // a reused keep-alive socket, already checked
          tls.once('secureConnect', () => {
            const err = this.checkPeer(tls);
            if (err) fail(err);
          });
        });
      }
      req.on('timeout', () =>
        fail(new EngineError('unreachable', `${this.ep.endpoint} did not answer within ${Math.round(timeout / 1000)} s.`)),
      );
      req.on('error', (e: NodeJS.ErrnoException) => fail(this.describe(e)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        const status = res.statusCode ?? 0;
        const onChunk = status >= 200 && status < 300 ? opts.onChunk : undefined;
        res.on('data', (c: Buffer) => {
          if (!onChunk) return void chunks.push(c);
          try {
            onChunk(c);
          } catch (e) {
            fail(e instanceof EngineError ? e : new EngineError('protocol', (e as Error).message));
          }
        });
        res.on('error', (e) => fail(this.describe(e)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      if (!streamed) return void req.end(payload);
      // A source that fails (a file that vanished) ends the request with its error, not a short upload.
      streamed.stream.on('error', (e: NodeJS.ErrnoException) => fail(new EngineError('api', `Could not read what was being sent: ${e.message}`)));
      streamed.stream.pipe(req);
    });
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * A request whose answer is read as it arrives (followed logs, stats): resolves with the response once its
   * headers are in, for any status; `signal` ends it. No timeout once the answer started: a quiet log is normal.
   * `quiet`: the engine holds the headers back until it has something to send (Podman's followed log of a
   * container that prints nothing, the event stream), so the timeout covers only connecting and sending the
   * request; a connection that fails or drops while waiting still rejects.
   */
  stream(method: string, path: string, opts: { signal?: AbortSignal; timeoutMs?: number; quiet?: boolean } = {}): Promise<http.IncomingMessage> {
    if (opts.signal?.aborted) return Promise.reject(new EngineError('cancelled', 'Cancelled.'));
    const timeout = opts.timeoutMs ?? this.ep.timeoutMs ?? 30_000;
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const common = { method, path, headers: { Accept: '*/*' }, agent: false as const, signal: opts.signal };
      const req = this.https ? https.request({ ...common, ...this.ownTlsTarget() }) : http.request({ ...common, ...this.plainTarget(true) });
      const timer = setTimeout(() => {
        req.destroy();
        reject(new EngineError('unreachable', `${this.ep.endpoint} did not answer within ${Math.round(timeout / 1000)} s.`));
      }, timeout);
      req.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(this.describe(e));
      });
      req.on('response', (res) => {
        clearTimeout(timer);
        resolve(res);
      });
      // 'finish': the request went out on a connected socket; what is left is the engine's silence.
      if (opts.quiet) req.once('finish', () => clearTimeout(timer));
      req.end();
    });
  }

  /**
   * A WebSocket to `path` on the engine (LXD's operation sockets), over the same unix socket or over TLS
   * with the same client certificate and the same pinned server certificate as `request`.
   */
  webSocket(path: string): WebSocket {
    const dial = this.ep.dial;
    if (dial) {
      return new WebSocket(`ws://localhost${path}`, { perMessageDeflate: false, createConnection: dialConnection(dial) as never });
    }
    if (!this.https) return new WebSocket(`ws+unix://${this.ep.endpoint}:${path}`, { perMessageDeflate: false });
    const url = `wss://${this.base!.host}${path}`;
    return new WebSocket(url, {
      perMessageDeflate: false,
      // Our own TLS connection, so the pin is checked on `secureConnect`, before the request (and its secret) is written.
      createConnection: (opts: unknown) => this.tlsConnect(opts as tls.ConnectionOptions),
    });
  }

  /**
   * Sends a request asking to upgrade the connection (Engine API `Upgrade: tcp`: exec start, attach) and
   * resolves with the raw two-way stream once the engine switched protocols. The socket is the caller's to end.
   */
  upgrade(method: string, path: string, body: unknown, opts: { timeoutMs?: number } = {}): Promise<Duplex> {
    const payload = Buffer.from(JSON.stringify(body ?? {}), 'utf8');
    const headers = { 'Content-Type': 'application/json', 'Content-Length': payload.length, Connection: 'Upgrade', Upgrade: 'tcp' };
    const timeout = opts.timeoutMs ?? this.ep.timeoutMs ?? 30_000;
    return new Promise<Duplex>((resolve, reject) => {
      const common = { method, path, headers, agent: false as const, timeout };
      const req = this.https ? https.request({ ...common, ...this.ownTlsTarget() }) : http.request({ ...common, ...this.plainTarget(true) });
      req.on('timeout', () => {
        req.destroy();
        reject(new EngineError('unreachable', `${this.ep.endpoint} did not answer within ${Math.round(timeout / 1000)} s.`));
      });
      req.on('error', (e: NodeJS.ErrnoException) => reject(this.describe(e)));
      req.on('upgrade', (_res, socket, head) => {
        socket.setTimeout(0);
        if (head.length) socket.unshift(head);
        resolve(socket);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8').trim();
          let msg = text.slice(0, 300) || `HTTP ${res.statusCode}`;
          try {
            const j = JSON.parse(text) as { message?: string; cause?: string };
            msg = j.message || j.cause || msg;
          } catch {
            // not JSON: the text itself
          }
          reject(new EngineError('api', msg, res.statusCode));
        });
      });
      req.end(payload);
    });
  }

  /**
   * Where a plain-HTTP request goes: the unix socket, or a connection from the dialer (through the keep-alive
   * agent, or a connection of its own for streams and upgrades, which outlive one request).
   */
  private plainTarget(ownConnection = false): http.RequestOptions {
    const dial = this.ep.dial;
    if (!dial) return { socketPath: this.ep.endpoint, host: 'localhost' };
    // `agent: false` would make Node ignore `createConnection`: no agent at all is what uses it.
    return ownConnection ? { host: 'localhost', agent: undefined, createConnection: dialConnection(dial) as never } : { host: 'localhost' };
  }

  /**
   * Where an HTTPS stream or upgrade goes: a TLS connection of its own, made by `tlsConnect` so it carries
   * the client certificate and has the pinned certificate checked. `agent: false` would make Node ignore
   * `createConnection` and open a default TLS connection to localhost:443 without either.
   */
  private ownTlsTarget(): https.RequestOptions {
    return { agent: undefined, createConnection: () => this.tlsConnect({}) };
  }

  private tlsConnect(opts: tls.ConnectionOptions): TLSSocket {
    const host = opts.host ?? this.base!.hostname.replace(/^\[|\]$/g, '');
    const s = tls.connect({
      host,
      port: opts.port ?? Number(this.base!.port || 8443),
      servername: isIP(host) ? undefined : host,
      cert: this.ep.clientCert,
      key: this.ep.clientKey,
      minVersion: 'TLSv1.3',
      rejectUnauthorized: false,
    });
    s.once('secureConnect', () => {
      const err = this.checkPeer(s);
      if (err) s.destroy(err);
    });
    return s;
  }

  private checkPeer(tls: TLSSocket): EngineError | undefined {
    const peer = tls.getPeerCertificate();
    if (!peer?.raw) return new EngineError('tls', `${this.ep.endpoint} presented no certificate.`);
    if (this.pinned) {
      if (peer.raw.equals(this.pinned)) return undefined;
      return new EngineError(
        'tls',
        `The server certificate of ${this.ep.endpoint} changed (fingerprint ${certFingerprint(peer.raw)}, ` +
          `expected ${certFingerprint(this.pinned)}). Refusing to talk to it.`,
      );
    }
    // Trust on first use: pin it for this session and let the owner record it.
    this.pinned = Buffer.from(peer.raw);
    void this.ep.onFirstServerCert?.(derToPem(peer.raw), certFingerprint(peer.raw));
    return undefined;
  }

  private describe(e: NodeJS.ErrnoException): EngineError {
    if (e instanceof EngineError) return e;
    if (e.name === 'AbortError' || e.code === 'ABORT_ERR') return new EngineError('cancelled', 'Cancelled.');
    const code = e.code ?? '';
    if (['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE'].includes(code)) {
      return new EngineError('unreachable', `Cannot reach ${this.ep.endpoint} (${code}).`);
    }
    if (code === 'EACCES') return new EngineError('unreachable', `No permission to open ${this.ep.endpoint}.`);
    // TLS 1.3 sends the verdict on our certificate after the handshake: it arrives as an alert on the first read.
    if (/ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|CERTIFICATE_UNKNOWN)/.test(code)) {
      return new EngineError('tls', `${this.ep.endpoint} refused our client certificate (${e.message}).`);
    }
    if (/SSL|TLS|CERT|alert/i.test(code + ' ' + e.message)) {
      return new EngineError('tls', `TLS handshake with ${this.ep.endpoint} failed: ${e.message}`);
    }
    return new EngineError('unreachable', `Cannot reach ${this.ep.endpoint}: ${e.message}`);
  }
}

/** `createConnection` in Node's asynchronous form (return nothing, call back with the connection). */
function dialConnection(dial: () => Promise<Duplex>): (opts: unknown, cb: (err: Error | null, s?: Duplex) => void) => undefined {
  return (_opts, cb) => {
    dial().then(
      (s) => cb(null, s),
      (e: Error) => cb(e),
    );
    return undefined;
  };
}
