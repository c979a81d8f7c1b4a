import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { RegistryClient } from '../../../src/registries/registryClient';
import { isRegistryError } from '../../../src/registries/registryError';
import { normalizeRegistryUrl } from '../../../src/registries/registryUrl';
import { loopbackServer, type LoopbackServer } from './loopbackServer';

describe('hostile input: registry timeouts', function () {
  this.timeout(30_000);
  let server: LoopbackServer | undefined;
  const timers: NodeJS.Timeout[] = [];

  afterEach(async () => {
    for (const t of timers) clearInterval(t);
    await server?.close();
    server = undefined;
  });

  const client = (host: string) => new RegistryClient({ endpoint: normalizeRegistryUrl(host), timeoutMs: 1000, idleTimeoutMs: 300 });
  const rejectsWith = (p: Promise<unknown>, message: RegExp) =>
    assert.rejects(p, (e: unknown) => {
      assert.ok(isRegistryError(e, 'timeout'), `expected a timeout, got ${String(e)}`);
      assert.match(e.message, message);
      return true;
    });

  it('a registry that accepts the connection and never answers is given up on (idle timeout)', async () => {
    server = await loopbackServer(() => undefined);
    const c = client(server.host);
    try {
      await rejectsWith(c.ping(), /^127\.0\.0\.1:\d+ sent nothing for 0\.3 s \(idle timeout\) while trying to /);
    } finally {
      c.close();
    }
  });

  it('a registry that sends its headers and then stalls is given up on (idle timeout)', async () => {
    server = await loopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{');
    });
    const c = client(server.host);
    try {
      await rejectsWith(c.ping(), /sent nothing for 0\.3 s \(idle timeout\)/);
    } finally {
      c.close();
    }
  });

  it('a registry that trickles a byte at a time forever is given up on (total timeout)', async () => {
    server = await loopbackServer((_req, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      timers.push(setInterval(() => res.write(' '), 50));
    });
    const c = client(server.host);
    try {
      await rejectsWith(c.catalogPage(undefined), /did not finish its answer within 1 s \(total timeout\) while trying to list the repositories/);
    } finally {
      c.close();
    }
  });
});
