import * as assert from 'node:assert/strict';
import { loadContainer } from '../../../src/containers/catalogReads';
import { ContainerActions } from '../../../src/containers/containerActions';
import { openEngine } from '../../../src/containers/engineConnection';
import type { EngineContext } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { readLiveStates } from '../../../src/containers/liveState';
import { syncEngine } from '../../../src/containers/syncEngine';
import { containersUsingNetwork, containersUsingVolume } from '../../../src/containers/usedBy';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { lxc, lxcQuery, lxdPeer, testEngineContext } from './enginePeers';
import type { LxdPeer } from './enginePeers';

type ApiInstance = { name: string; status: string; config: Record<string, string>; devices: Record<string, Record<string, string>>; profiles: string[] };

describe('LXD actions (real LXD 5.0)', function () {
  let peer: LxdPeer;
  let t: TempCatalog;
  let ctx: EngineContext;
  let engine: EngineRecord;
  let actions: ContainerActions;
  const NAME = 't-act';

  before(async () => {
    peer = lxdPeer();
    t = await openTempCatalog();
    ctx = testEngineContext();
    engine = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.socket, name: 'lxd-act' });
    await syncEngine(t.catalog, engine, ctx);
    actions = new ContainerActions(t.catalog, ctx);
    try {
      lxc(peer, ['delete', '-f', NAME]);
    } catch {
      // not left over from an earlier run
    }
  });
  after(async () => {
    try {
      lxc(peer, ['delete', '-f', NAME]);
    } catch {
      // deleted by the test
    }
    await t?.dispose();
  });

  const api = (): ApiInstance => lxcQuery<ApiInstance>(peer, `/1.0/instances/${NAME}`);
  const row = async () => (await t.catalog.read((em) => loadContainer(em, engine.id, NAME)))!;

  it('creates a container from an image with profiles in order', async () => {
    await actions.create(engine, { name: NAME, image: peer.imageAlias, profiles: ['default', 'web'], config: { 'user.made-by': 'tests' } });
    assert.deepEqual(api().profiles, ['default', 'web']);
    const r = await row();
    assert.deepEqual(r.profiles, ['default', 'web']);
    assert.equal(r.config['user.made-by'], 'tests');
    const users = await t.catalog.read((em) => containersUsingNetwork(em, peer.bridge, engine.id));
    assert.ok(users.some((u) => u.name === NAME), 'uses the bridge through profile web');
  });

  it('starts, restarts and stops (also forced); state is read live', async () => {
    await actions.lifecycle(engine, NAME, 'start');
    assert.equal(api().status, 'Running');
    const conn = await openEngine(engine, ctx);
    try {
      assert.equal((await readLiveStates(conn)).get(NAME)?.running, true);
    } finally {
      conn.close();
    }
    await actions.lifecycle(engine, NAME, 'restart', true);
    assert.equal(api().status, 'Running');
    await actions.lifecycle(engine, NAME, 'stop', true);
    assert.equal(api().status, 'Stopped');
  });

  it('creates, restores and deletes snapshots', async () => {
    await actions.createSnapshot(engine, NAME, 'before');
    assert.deepEqual((await row()).snapshots, ['before']);
    await actions.setConfig(engine, NAME, 'user.after', 'yes');
    assert.equal((await row()).config['user.after'], 'yes');
    await actions.restoreSnapshot(engine, NAME, 'before');
    assert.equal(api().config['user.after'], undefined);
    assert.equal((await row()).config['user.after'], undefined);
    await actions.deleteSnapshot(engine, NAME, 'before');
    assert.deepEqual(lxcQuery<string[]>(peer, `/1.0/instances/${NAME}/snapshots`), []);
    assert.deepEqual((await row()).snapshots, []);
    assert.equal(await t.catalog.read((em) => loadContainer(em, engine.id, `${NAME}/before`)), undefined);
  });

  it('adds and removes profiles, keeping the order', async () => {
    await actions.addProfile(engine, NAME, 'limits');
    assert.deepEqual(api().profiles, ['default', 'web', 'limits']);
    assert.deepEqual((await row()).profiles, ['default', 'web', 'limits']);
    await actions.removeProfile(engine, NAME, 'web');
    assert.deepEqual(api().profiles, ['default', 'limits']);
    assert.deepEqual((await row()).profiles, ['default', 'limits']);
    const users = await t.catalog.read((em) => containersUsingNetwork(em, peer.bridge, engine.id));
    assert.ok(!users.some((u) => u.name === NAME), 'no longer on the bridge');
    await assert.rejects(actions.removeProfile(engine, NAME, 'web'), /does not have profile web/);
  });

  it('sets and unsets config keys', async () => {
    await actions.setConfig(engine, NAME, 'limits.processes', '100');
    assert.equal(api().config['limits.processes'], '100');
    assert.equal((await row()).config['limits.processes'], '100');
    await actions.unsetConfig(engine, NAME, 'limits.processes');
    assert.equal(api().config['limits.processes'], undefined);
    assert.equal((await row()).config['limits.processes'], undefined);
  });

  it('adds and removes devices (the volume and the bridge used-by follow)', async () => {
    await actions.addDevice(engine, NAME, 'vol', { type: 'disk', pool: peer.pool, source: peer.volume, path: '/mnt/vol' });
    await actions.addDevice(engine, NAME, 'eth1', { type: 'nic', nictype: 'bridged', parent: peer.bridge, name: 'eth1' });
    assert.deepEqual(api().devices.vol, { type: 'disk', pool: peer.pool, source: peer.volume, path: '/mnt/vol' });
    const users = async (): Promise<[string[], string[]]> =>
      t.catalog.read(async (em) => [
        (await containersUsingVolume(em, peer.pool, peer.volume, engine.id)).map((u) => u.name),
        (await containersUsingNetwork(em, peer.bridge, engine.id)).map((u) => u.name),
      ]);
    let [vol, net] = await users();
    assert.ok(vol.includes(NAME) && net.includes(NAME));
    await actions.removeDevice(engine, NAME, 'vol');
    await actions.removeDevice(engine, NAME, 'eth1');
    assert.equal(api().devices.vol, undefined);
    [vol, net] = await users();
    assert.ok(!vol.includes(NAME) && !net.includes(NAME));
    await assert.rejects(actions.removeDevice(engine, NAME, 'root'), /has no device root of its own/);
  });

  it("fails with LXD's own message and leaves the catalog as it was", async () => {
    const before = await row();
    await assert.rejects(actions.setConfig(engine, NAME, 'limits.cpu', 'lots'), (e: Error & { kind?: string }) => {
      assert.equal(e.kind, 'api');
      assert.equal(e.message, 'LXD: Invalid config: Invalid CPU limit syntax');
      return true;
    });
    assert.deepEqual(await row(), before);
    await assert.rejects(actions.lifecycle(engine, 'no-such-instance', 'start'), { kind: 'api', status: 404, message: 'LXD: Instance not found' });
  });

  it('deletes the container; the catalog follows', async () => {
    await actions.delete(engine, NAME);
    assert.ok(!lxcQuery<string[]>(peer, '/1.0/instances').some((u) => u.endsWith(`/${NAME}`)));
    assert.equal(await t.catalog.read((em) => loadContainer(em, engine.id, NAME)), undefined);
  });
});
