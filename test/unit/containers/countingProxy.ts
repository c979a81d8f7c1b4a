import * as http from 'node:http';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A unix-socket HTTP proxy in front of a real engine that records every request it forwards (method and
 * path), so tests can count what a sync asks for. It forwards everything unchanged, streams included.
 */
export class CountingProxy {
  readonly requests: string[] = [];
  /** Requests whose answer has been passed on whole, in the order they ended. */
  readonly answered: string[] = [];
  /** Runs (and is awaited) before a request is forwarded, after it is counted: a test acts between two calls. */
  beforeForward?: (request: string) => void | Promise<void>;
  readonly socket: string;
  private readonly dir: string;
  private readonly server: http.Server;
  private readonly upgraded = new Set<Duplex>();

  constructor(private readonly target: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'cc-proxy-'));
    this.socket = join(this.dir, 'engine.sock');
    this.server = http.createServer((req, res) => {
      this.requests.push(`${req.method} ${req.url}`);
      const forward = (): void => {
        const up = http.request({ socketPath: this.target, method: req.method, path: req.url, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.on('end', () => this.answered.push(`${req.method} ${req.url}`));
          r.pipe(res);
        });
        up.on('error', () => res.destroy());
        res.on('close', () => up.destroy());
        req.pipe(up);
      };
      const before = this.beforeForward?.(`${req.method} ${req.url}`);
      if (before) void before.then(forward, () => res.destroy());
      else forward();
    });
    // WebSockets (LXD's events): the upgrade request is forwarded as it came, then bytes flow both ways.
    this.server.on('upgrade', (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
      this.requests.push(`${req.method} ${req.url}`);
      const up = net.connect(this.target, () => {
        const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        up.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length) up.write(head);
        up.pipe(client).pipe(up);
      });
      const end = (): void => {
        up.destroy();
        client.destroy();
      };
      up.on('error', end);
      client.on('error', end);
      up.on('close', end);
      client.on('close', end);
      this.upgraded.add(client);
      client.on('close', () => this.upgraded.delete(client));
    });
  }

  listen(): Promise<this> {
    return new Promise((resolve) => this.server.listen(this.socket, () => resolve(this)));
  }

  /** Cuts every connection and stops answering, as if the engine's API service died (the socket goes away). */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const s of this.upgraded) s.destroy();
    });
  }

  /** Requests since `from` (an index into `requests`) whose path matches. */
  count(re: RegExp, from = 0): number {
    return this.requests.slice(from).filter((r) => re.test(r)).length;
  }

  close(): void {
    this.server.closeAllConnections();
    for (const s of this.upgraded) s.destroy();
    this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
