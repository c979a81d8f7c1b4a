import * as assert from 'node:assert/strict';
import { openContainerExec } from '../../../src/containers/containerExec';
import { followContainerLogs } from '../../../src/containers/containerLogs';
import { followContainerStats } from '../../../src/containers/containerStats';
import { openEngine } from '../../../src/containers/engineConnection';
import type { EngineConnection } from '../../../src/containers/engineConnection';
import { podman, podmanPeer, podmanService, testEngineContext } from './enginePeers';

/**
 * The engine's API service dies while a log is followed, a shell runs and stats stream (Podman's service is
 * killed; its containers keep running under conmon): each ends on its own with a reason, nothing waits forever.
 */
describe('engine down mid-stream (real Podman)', function () {
  this.timeout(90_000);
  let conn: EngineConnection;

  const TICKER = 'h15-ticker';
  const QUIET = 'h15-down-quiet';

  before(async () => {
    // A container that logs a line a second (Podman sends a followed log's headers only once there is a line).
    podman(podmanPeer(), ['rm', '-f', TICKER, QUIET]);
    podman(podmanPeer(), ['run', '-d', '--name', QUIET, podmanPeer().image, 'sleep', '1000']);
    podman(podmanPeer(), ['run', '-d', '--name', TICKER, podmanPeer().image, 'sh', '-c', 'while true; do echo tick; sleep 1; done']);
    conn = await openEngine({ id: 1, kind: 'podman', name: 'podman', endpoint: podmanPeer().socket, clientCert: null, clientKey: null, lastSyncAt: null, lastError: null }, testEngineContext());
  });
  after(() => {
    conn?.close();
    // Back for the suites that follow, whatever happened above.
    podmanService('service-start');
    podman(podmanPeer(), ['rm', '-f', TICKER, QUIET]);
  });

  it('a followed log (printing or quiet), a shell and a stats stream each end with a clear error when the service goes away', async () => {
    const ct = podmanPeer().running;
    const logs = await followContainerLogs(conn, TICKER, { follow: true, tail: 1, timestamps: false });
    await new Promise<void>((ok) => logs.onLine((line) => line === 'tick' && ok()));
    // A followed log still waiting for its first line (Podman has sent nothing, not even headers).
    const quiet = await followContainerLogs(conn, QUIET, { follow: true, tail: 1, timestamps: false });
    const shell = await openContainerExec(conn, ct, { command: ['/bin/sh'], tty: true, cols: 80, rows: 24 });
    const out: Buffer[] = [];
    shell.onOutput((c) => out.push(c));
    shell.write('echo $((6*7))\n');
    const until = Date.now() + 20_000;
    while (!Buffer.concat(out).toString().includes('42') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.match(Buffer.concat(out).toString(), /42/, 'the shell ran before the service went away');
    const stats = await followContainerStats(conn, ct);
    await new Promise<void>((ok) => stats.onSample(() => ok()));

    podmanService('service-stop');
    const [logEnd, shellEnd, statsEnd, quietEnd] = await Promise.all([logs.done, shell.exited, stats.done, quiet.done]);
    assert.match(quietEnd.error ?? '', /Cannot reach|closed|socket hang up|ECONNRESET/i, JSON.stringify(quietEnd));
    assert.match(logEnd.error ?? '', /closed|lost|aborted|socket hang up|ECONNRESET/i, JSON.stringify(logEnd));
    assert.equal(shellEnd.code, undefined, JSON.stringify(shellEnd));
    assert.match(String(shellEnd.error ?? ''), /./, JSON.stringify(shellEnd));
    assert.match(statsEnd.error ?? '', /lost|closed|aborted|ECONNRESET/i, JSON.stringify(statsEnd));
    // A new request says the engine is not there, at once.
    await assert.rejects(followContainerLogs(conn, TICKER, { follow: true, tail: 1, timestamps: false }), /Cannot reach|ENOENT|ECONNREFUSED/);
  });
});
