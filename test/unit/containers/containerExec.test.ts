import * as assert from 'node:assert/strict';
import { ContainerNotRunningError, openContainerExec, shellCommand } from '../../../src/containers/containerExec';
import { openEngine } from '../../../src/containers/engineConnection';
import type { EngineConnection } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import type { ExecSession } from '../../../src/containers/execSession';
import { join } from 'node:path';
import type { EngineContext } from '../../../src/containers/engineConnection';
import { dockerPeer, dockerTlsPeer, lxdPeer, podmanPeer, sshdPeer, testEngineContext } from './enginePeers';

/** Everything a session printed so far, and a way to wait for a pattern in it. */
function transcript(s: ExecSession): { text: () => string; stderr: () => string; waitFor: (re: RegExp, what: string) => Promise<RegExpMatchArray> } {
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  s.onOutput((c, stream) => {
    if (stream === 'stderr') err += c.toString('utf8');
    else out += c.toString('utf8');
    for (const w of waiters.splice(0)) w();
  });
  const waitFor = async (re: RegExp, what: string): Promise<RegExpMatchArray> => {
    const until = Date.now() + 20_000;
    for (;;) {
      const m = out.match(re);
      if (m) return m;
      if (Date.now() > until) throw new Error(`no ${what} in the output: ${JSON.stringify(out)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 500);
      });
    }
  };
  return { text: () => out, stderr: () => err, waitFor };
}

function record(kind: 'lxd' | 'podman' | 'docker', endpoint: string, extra: Partial<EngineRecord> = {}): EngineRecord {
  return { id: 1, kind, name: kind, endpoint, clientCert: null, clientKey: null, lastSyncAt: null, lastError: null, ...extra };
}

interface ExecTarget {
  readonly title: string;
  engine(): EngineRecord;
  running(): string;
  stopped(): string;
  /** The engine context when the default (no known_hosts, the agent if any) does not fit. */
  context?(): EngineContext;
}

const targets: ExecTarget[] = [
  { title: 'LXD over its unix socket', engine: () => record('lxd', lxdPeer().socket), running: () => lxdPeer().running, stopped: () => 'ct-plain' },
  {
    title: 'LXD over HTTPS with a client certificate',
    engine: () => {
      const p = lxdPeer();
      return record('lxd', p.url, { clientCert: p.clientCert, clientKey: p.clientKey });
    },
    running: () => lxdPeer().running,
    stopped: () => 'ct-plain',
  },
  { title: 'Podman', engine: () => record('podman', podmanPeer().socket), running: () => podmanPeer().running, stopped: () => 'pd-plain' },
  { title: 'Docker', engine: () => record('docker', dockerPeer().socket), running: () => dockerPeer().running, stopped: () => 'dk-plain' },
  {
    // The hijacked exec connection is an SSH channel of its own (EngineTransport.upgrade through the dialer).
    title: 'Podman over SSH (sshd peer)',
    engine: () => record('podman', `ssh://${sshdPeer().user}@127.0.0.1:${sshdPeer().port}${podmanPeer().socket}`, { clientKey: sshdPeer().key }),
    running: () => podmanPeer().running,
    stopped: () => 'pd-plain',
    context: () => ({ ...testEngineContext(), knownHostsFiles: [sshdPeer().knownHosts], sshAgentSocket: null }),
  },
  {
    title: 'Docker over tcp:// with TLS client certificates',
    engine: () => record('docker', dockerTlsPeer().host, { clientCert: join(dockerTlsPeer().certPath, 'cert.pem'), clientKey: join(dockerTlsPeer().certPath, 'key.pem') }),
    running: () => dockerPeer().running,
    stopped: () => 'dk-plain',
  },
];

for (const t of targets) {
  describe(`container exec and shell: ${t.title} (real peer)`, function () {
    let conn: EngineConnection;
    before(async () => {
      conn = await openEngine(t.engine(), t.context?.() ?? testEngineContext());
    });
    after(() => conn?.close());

    it('opens the shell with a terminal: echo $((6*7)) prints 42, stty size follows a resize, exit 3 ends with status 3', async () => {
      const s = await openContainerExec(conn, t.running(), { command: shellCommand(), tty: true, cols: 80, rows: 24 });
      const out = transcript(s);
      s.write('echo $((6*7))\r');
      await out.waitFor(/^42\r?$/m, '42 on a line of its own');
      s.write('stty size\r');
      await out.waitFor(/^24 80\r?$/m, 'the initial size 24 80');
      await s.resize(100, 37);
      s.write('stty size\r');
      await out.waitFor(/^37 100\r?$/m, 'the new size 37 100');
      s.write('exit 3\r');
      const exit = await s.exited;
      assert.deepEqual(exit, { code: 3 });
    });

    it('runs a command without a terminal: stdout and stderr apart, exit status passed through', async () => {
      const s = await openContainerExec(conn, t.running(), { command: ['/bin/sh', '-c', 'echo out; echo err >&2; exit 5'], tty: false });
      const out = transcript(s);
      s.endInput();
      const exit = await s.exited;
      assert.equal(exit.code, 5);
      assert.equal(out.text(), 'out\n');
      assert.equal(out.stderr(), 'err\n');
    });

    it('feeds stdin to a command without a terminal until the input ends', async () => {
      const s = await openContainerExec(conn, t.running(), { command: ['/bin/sh', '-c', 'tr a-z A-Z'], tty: false });
      const out = transcript(s);
      s.write('hello\n');
      s.endInput();
      assert.equal((await s.exited).code, 0);
      assert.equal(out.text(), 'HELLO\n');
    });

    if (t.engine().kind !== 'lxd') {
      // The Engine API has no call to end an exec; dropping the connection alone left the shell running.
      it('closing the shell ends it and what it started (the processes are gone from the container)', async () => {
        const mark = `cc-test-${Date.now()}`;
        const count = async (): Promise<number> => {
          const probe = await openContainerExec(conn, t.running(), {
            command: ['/bin/sh', '-c', `n=0; for p in /proc/[0-9]*; do case "$(tr '\\0' ' ' 2>/dev/null < "$p/environ")" in *"CC_TEST_MARK=${mark} "*) n=$((n+1));; esac; done; echo $n`],
            tty: false,
          });
          const out = transcript(probe);
          probe.endInput();
          await probe.exited;
          return Number(out.text().trim());
        };
        const s = await openContainerExec(conn, t.running(), { command: shellCommand(), tty: true, env: { CC_TEST_MARK: mark } });
        const out = transcript(s);
        s.write('sleep 1000 & echo started\r');
        await out.waitFor(/^started\r?$/m, 'the background sleep started');
        assert.ok((await count()) >= 2, 'the shell and its sleep carry the mark');
        s.close();
        let left = -1;
        for (let i = 0; i < 40 && left !== 0; i++) {
          await new Promise((r) => setTimeout(r, 250));
          left = await count();
        }
        assert.equal(left, 0, 'no process of the closed shell is left in the container');
      });
    }

    it('refuses a stopped container with a clear error naming it', async () => {
      await assert.rejects(
        openContainerExec(conn, t.stopped(), { command: shellCommand(), tty: true }),
        (e: unknown) => e instanceof ContainerNotRunningError && e.container === t.stopped() && /is not running/.test(e.message),
      );
    });
  });
}
