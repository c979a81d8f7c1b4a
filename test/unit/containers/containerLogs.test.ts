import * as assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerClient } from '../../../src/containers/dockerClient';
import { EngineTransport } from '../../../src/containers/engineTransport';
import { followContainerLogs } from '../../../src/containers/containerLogs';
import type { LogFollow, LogStream } from '../../../src/containers/containerLogs';
import { openContainerExec } from '../../../src/containers/containerExec';
import { openEngine } from '../../../src/containers/engineConnection';
import type { EngineConnection } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { docker, dockerPeer, dockerTlsPeer, lxdPeer, podman, podmanPeer, sshdPeer, testEngineContext } from './enginePeers';

type Line = { line: string; stream: LogStream };

function collect(f: LogFollow): { lines: Line[]; waitFor: (test: (l: Line[]) => boolean, what: string) => Promise<void> } {
  const lines: Line[] = [];
  f.onLine((line, stream) => lines.push({ line, stream }));
  const waitFor = async (test: (l: Line[]) => boolean, what: string): Promise<void> => {
    const until = Date.now() + 20_000;
    while (!test(lines)) {
      if (Date.now() > until) throw new Error(`${what}: got ${JSON.stringify(lines.slice(-10))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  return { lines, waitFor };
}

function record(kind: 'lxd' | 'podman' | 'docker', endpoint: string, keys?: { clientCert?: string; clientKey: string }): EngineRecord {
  return { id: 1, kind, name: kind, endpoint, clientCert: keys?.clientCert ?? null, clientKey: keys?.clientKey ?? null, lastSyncAt: null, lastError: null };
}

const TICKER = 'i=0; while :; do i=$((i+1)); echo "tick $i"; echo "oops $i" >&2; sleep 1; done';
const tickOf = (l: Line): number => Number(/tick (\d+)$/.exec(l.line)?.[1] ?? -1);

for (const e of [
  { title: 'Podman', kind: 'podman' as const, socket: () => podmanPeer().socket, image: () => podmanPeer().image, cli: (args: string[]) => podman(podmanPeer(), args) },
  { title: 'Docker', kind: 'docker' as const, socket: () => dockerPeer().socket, image: () => dockerPeer().image, cli: (args: string[]) => docker(dockerPeer(), args) },
  // Remote engines (#18): the same follow through an SSH channel to Podman's socket, and to Docker over TLS.
  {
    title: 'Podman over SSH',
    kind: 'podman' as const,
    tag: 'podman-ssh',
    socket: () => `ssh://${sshdPeer().user}@127.0.0.1:${sshdPeer().port}${podmanPeer().socket}`,
    keys: () => ({ clientKey: sshdPeer().key }),
    context: () => ({ ...testEngineContext(), knownHostsFiles: [sshdPeer().knownHosts], sshAgentSocket: null }),
    image: () => podmanPeer().image,
    cli: (args: string[]) => podman(podmanPeer(), args),
  },
  {
    title: 'Docker over TLS',
    kind: 'docker' as const,
    tag: 'docker-tls',
    socket: () => dockerTlsPeer().host,
    keys: () => ({ clientCert: join(dockerTlsPeer().certPath, 'cert.pem'), clientKey: join(dockerTlsPeer().certPath, 'key.pem') }),
    image: () => dockerPeer().image,
    cli: (args: string[]) => docker(dockerPeer(), args),
  },
]) {
  describe(`container logs: ${e.title} (real peer)`, function () {
    const tag = 'tag' in e ? e.tag : e.kind;
    const NAME = `h15-ticker-${tag}`;
    const TTY = `h15-tty-${tag}`;
    const QUIET = `h15-quiet-${tag}`;
    let conn: EngineConnection;
    before(async () => {
      for (const n of [NAME, TTY]) e.cli(['rm', '-f', n]);
      e.cli(['run', '-d', '--name', NAME, e.image(), 'sh', '-c', TICKER]);
      e.cli(['run', '-d', '-t', '--name', TTY, e.image(), 'sh', '-c', 'echo hello-tty; echo err-tty >&2; sleep 1000']);
      conn = await openEngine(record(e.kind, e.socket(), 'keys' in e && e.keys ? e.keys() : undefined), 'context' in e && e.context ? e.context() : testEngineContext());
      // Some history first, so "old lines, then new ones" is visible.
      const until = Date.now() + 20_000;
      while (!/tick 3/.test(e.cli(['logs', NAME]))) {
        if (Date.now() > until) throw new Error('the ticker printed nothing');
        await new Promise((r) => setTimeout(r, 300));
      }
    });
    after(() => {
      conn?.close();
      for (const n of [NAME, TTY, QUIET]) e.cli(['rm', '-f', n]);
    });

    it('follows live: the old lines, then new ones; stderr apart; timestamps in front; nothing after close', async () => {
      const f = await followContainerLogs(conn, NAME, { follow: true, tail: 4, timestamps: true });
      const c = collect(f);
      await c.waitFor((l) => l.some((x) => x.stream === 'stdout') && l.some((x) => x.stream === 'stderr'), 'both streams');
      const firstTick = Math.max(...c.lines.filter((l) => l.stream === 'stdout').map(tickOf));
      assert.ok(firstTick >= 2, `old lines come first (tick ${firstTick})`);
      await c.waitFor((l) => l.some((x) => tickOf(x) > firstTick + 1), 'a new tick after the old ones');
      for (const l of c.lines) {
        assert.match(l.line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/, 'a timestamp in front');
        assert.match(l.line, l.stream === 'stderr' ? /oops \d+$/ : /tick \d+$/, 'each line on its own stream');
      }
      f.close();
      assert.deepEqual(await f.done, {});
      const seen = c.lines.length;
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(c.lines.length, seen, 'no lines after close');
    });

    // These two build a transport of their own on the engine's local socket (a short timeout, a missing socket).
    if (!('tag' in e)) {
      it('follows a quiet container for longer than the request timeout, and shows its first line when it comes', async () => {
        // Podman 4.3 sends a followed log's headers only with its first line: waiting for them must not time out.
        e.cli(['rm', '-f', QUIET]);
        e.cli(['run', '-d', '--name', QUIET, e.image(), 'sh', '-c', 'while [ ! -e /tmp/go ]; do sleep 0.2; done; echo first-line; sleep 1000']);
        const transport = new EngineTransport({ endpoint: e.socket(), timeoutMs: 2000 });
        const quick: EngineConnection = { kind: e.kind, docker: new DockerClient(transport, e.title), close: () => transport.close() };
        try {
          const f = await followContainerLogs(quick, QUIET, { follow: true, tail: 10, timestamps: false });
          const c = collect(f);
          let ended: { error?: string } | undefined;
          void f.done.then((d) => (ended = d));
          // Quiet for longer than the 2 s timeout of every other request.
          await new Promise((r) => setTimeout(r, 3500));
          assert.equal(ended, undefined, `still following: ${JSON.stringify(ended)}`);
          assert.deepEqual(c.lines, [], 'nothing printed yet');
          e.cli(['exec', QUIET, 'touch', '/tmp/go']);
          await c.waitFor((l) => l.some((x) => x.line === 'first-line'), 'the first line');
          assert.deepEqual(c.lines, [{ line: 'first-line', stream: 'stdout' }]);
          f.close();
          assert.deepEqual(await f.done, {});
        } finally {
          quick.close();
        }
      });

      it('reports an engine that cannot be reached, even for a followed log', async () => {
        const transport = new EngineTransport({ endpoint: join(tmpdir(), 'h15-no-such-engine.sock'), timeoutMs: 2000 });
        const gone: EngineConnection = { kind: e.kind, docker: new DockerClient(transport, e.title), close: () => transport.close() };
        await assert.rejects(followContainerLogs(gone, NAME, { follow: true, tail: 1, timestamps: false }), /Cannot reach .*ENOENT/);
        await assert.rejects(gone.docker.logs(NAME, { follow: true, timestamps: false }), /Cannot reach .*ENOENT/);
        gone.close();
      });
    }

    it('reads the last lines without following, and without timestamps', async () => {
      const f = await followContainerLogs(conn, NAME, { follow: false, tail: 2, timestamps: false });
      const c = collect(f);
      assert.deepEqual(await f.done, {});
      assert.equal(c.lines.length, 2);
      assert.ok(c.lines.every((l) => /^(tick|oops) \d+$/.test(l.line)), JSON.stringify(c.lines));
    });

    it('reads a TTY container\'s log unframed', async () => {
      const until = Date.now() + 20_000;
      while (!/err-tty/.test(e.cli(['logs', TTY]))) {
        if (Date.now() > until) throw new Error('the TTY container printed nothing');
        await new Promise((r) => setTimeout(r, 300));
      }
      const f = await followContainerLogs(conn, TTY, { follow: false, timestamps: false });
      const c = collect(f);
      await f.done;
      assert.deepEqual(c.lines, [{ line: 'hello-tty', stream: 'stdout' }, { line: 'err-tty', stream: 'stdout' }]);
    });
  });
}

describe('container logs: LXD (real peer)', function () {
  let conn: EngineConnection;
  before(async () => {
    conn = await openEngine(record('lxd', lxdPeer().socket), testEngineContext());
  });
  after(() => conn?.close());

  it('shows the instance\'s log and follows what an exec adds to it', async () => {
    const name = lxdPeer().running;
    const f = await followContainerLogs(conn, name, { follow: true, tail: 5, timestamps: true, pollMs: 300 });
    const c = collect(f);
    await c.waitFor((l) => l.length > 0, 'the log so far');
    const before = c.lines.length;
    // An exec writes to the console and, where LXD falls back to lxc.log, adds an attach line there.
    const s = await openContainerExec(conn, name, { command: ['/bin/sh', '-c', 'echo h15-marker > /dev/console'], tty: false });
    s.endInput();
    assert.equal((await s.exited).code, 0);
    await c.waitFor((l) => l.length > before && l.slice(before).some((x) => x.stream === 'stdout'), 'a line added after the exec');
    const notice = c.lines.find((l) => l.stream === 'notice');
    if (notice) assert.match(notice.line, /showing its lxc\.log instead/);
    f.close();
    assert.deepEqual(await f.done, {});
  });
});
