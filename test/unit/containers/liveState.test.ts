import * as assert from 'node:assert/strict';
import { openEngine } from '../../../src/containers/engineConnection';
import type { EngineConnection } from '../../../src/containers/engineConnection';
import { readLiveState } from '../../../src/containers/liveState';
import { docker, dockerPeer, lxdPeer, lxc, podman, podmanPeer, testEngineContext } from './enginePeers';

for (const e of [
  { title: 'Podman', kind: 'podman' as const, socket: () => podmanPeer().socket, running: () => podmanPeer().running, cli: (args: string[]) => podman(podmanPeer(), args) },
  { title: 'Docker', kind: 'docker' as const, socket: () => dockerPeer().socket, running: () => dockerPeer().running, cli: (args: string[]) => docker(dockerPeer(), args) },
  { title: 'LXD', kind: 'lxd' as const, socket: () => lxdPeer().socket, running: () => lxdPeer().running, cli: undefined },
]) {
  describe(`live state of one container: ${e.title} (real peer)`, function () {
    let conn: EngineConnection;
    before(async () => {
      conn = await openEngine({ id: 1, kind: e.kind, name: e.kind, endpoint: e.socket(), clientCert: null, clientKey: null, lastSyncAt: null, lastError: null }, testEngineContext());
    });
    after(() => conn?.close());

    it('a running container has the PID the engine\'s own CLI reports; an unknown one has no state', async () => {
      const s = await readLiveState(conn, e.running());
      assert.equal(s?.running, true, JSON.stringify(s));
      assert.equal(s?.status, 'Running');
      // The Engine API's container list has no PID: the panel's figure comes from the container's inspect.
      const expected = e.cli
        ? Number(e.cli(['inspect', '-f', '{{.State.Pid}}', e.running()]).trim())
        : (JSON.parse(lxc(lxdPeer(), ['query', `/1.0/instances/${e.running()}/state`])) as { pid: number }).pid;
      assert.ok(expected > 0);
      assert.equal(s?.pid, expected);
      assert.equal(await readLiveState(conn, 'h15-no-such-container'), undefined);
    });
  });
}
