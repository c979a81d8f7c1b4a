import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/** A request as the test's own server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
}

export interface LoopbackServer {
  /** `127.0.0.1:port` (or the host it listens on). */
  readonly host: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A misbehaving HTTP server of the test's own, on a loopback address and a free port: it answers what
 * a real registry or image server never would (Link loops, escape sequences, a token service elsewhere).
 */
export async function loopbackServer(handler: (req: IncomingMessage, res: ServerResponse, host: string) => void, address = '127.0.0.1'): Promise<LoopbackServer> {
  const seen: SeenRequest[] = [];
  let host = '';
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    handler(req, res, host);
  });
  await new Promise<void>((r) => server.listen(0, address, r));
  host = `${address}:${(server.address() as AddressInfo).port}`;
  return {
    host,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

// The transpiled CLI entry (the same code esbuild bundles into dist/cli.js).
const CLI = resolve(__dirname, '../../../src/cli/main.js');

/**
 * Runs the CLI as a user would, without blocking this process (its loopback servers must keep
 * answering). A run that does not end within `timeoutMs` is killed and reported as such.
 */
export function runCli(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 30_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr, timedOut });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** The servers one test starts, closed together after it (each hostile suite's afterEach). */
export class LoopbackServers {
  private readonly open: LoopbackServer[] = [];

  async serve(starting: Promise<LoopbackServer>): Promise<LoopbackServer> {
    const server = await starting;
    this.open.push(server);
    return server;
  }

  async closeAll(): Promise<void> {
    for (const s of this.open.splice(0)) await s.close();
  }
}
