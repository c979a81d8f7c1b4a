import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { openEngine } from '../../../src/containers/engineConnection';
import type { EngineConnection } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { inspectObject } from '../../../src/containers/inspectObject';
import { docker, dockerPeer, lxc, lxdPeer, podman, podmanPeer, testEngineContext } from './enginePeers';

function record(kind: 'lxd' | 'podman' | 'docker', endpoint: string): EngineRecord {
  return { id: 1, kind, name: kind, endpoint, clientCert: null, clientKey: null, lastSyncAt: null, lastError: null };
}

describe('inspect: what the engines\' own CLIs show (real peers)', function () {
  const conns: EngineConnection[] = [];
  const open = async (e: EngineRecord): Promise<EngineConnection> => {
    const c = await openEngine(e, testEngineContext());
    conns.push(c);
    return c;
  };
  after(() => conns.forEach((c) => c.close()));

  it('LXD: an instance as `lxc config show`, a network as `lxc network show`, a volume as `lxc storage volume show`', async () => {
    const p = lxdPeer();
    const conn = await open(record('lxd', p.socket));
    const ct = await inspectObject(conn, 'container', 'ct-layered');
    assert.equal(ct.language, 'yaml');
    assert.deepEqual(parse(ct.text), parse(lxc(p, ['config', 'show', 'ct-layered'])));
    assert.deepEqual(parse((await inspectObject(conn, 'network', p.bridge)).text), parse(lxc(p, ['network', 'show', p.bridge])));
    assert.deepEqual(parse((await inspectObject(conn, 'volume', `${p.pool}/${p.volume}`)).text), parse(lxc(p, ['storage', 'volume', 'show', p.pool, p.volume])));
    await assert.rejects(inspectObject(conn, 'volume', p.volume), /<pool>\/<volume>/);
    await assert.rejects(inspectObject(conn, 'container', 'no-such-ct'), /not found/i);
  });

  for (const e of [
    { title: 'Podman: as `podman inspect`', kind: 'podman' as const, peer: podmanPeer, cli: (args: string[]) => podman(podmanPeer(), args), stopped: 'pd-plain' },
    { title: 'Docker: as `docker inspect`', kind: 'docker' as const, peer: dockerPeer, cli: (args: string[]) => docker(dockerPeer(), args), stopped: 'dk-plain' },
  ]) {
    it(`${e.title}, for a container, an image, a network and a volume`, async () => {
      const p = e.peer();
      const conn = await open(record(e.kind, p.socket));
      for (const [kind, name] of [['container', e.stopped], ['image', p.image], ['network', p.network], ['volume', p.volume]] as const) {
        const got = await inspectObject(conn, kind, name);
        assert.equal(got.language, 'json');
        const cliKind = kind === 'container' ? [] : [kind];
        const want = JSON.parse(e.cli(cliKind.length ? [...cliKind, 'inspect', name] : ['inspect', '--type', 'container', name])) as unknown;
        assert.deepEqual(JSON.parse(got.text), want, `${kind} ${name}`);
      }
      await assert.rejects(inspectObject(conn, 'container', 'no-such-ct'), /no such container/i);
    });
  }
});
