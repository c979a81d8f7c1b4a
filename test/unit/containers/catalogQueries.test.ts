import * as assert from 'node:assert/strict';
import { readContainerDetails } from '../../../src/containers/containerDetails';
import { listContainerSummaries } from '../../../src/containers/containerSummaries';
import { countEngineObjects } from '../../../src/containers/engineObjectCounts';
import { listEngineObjects } from '../../../src/containers/engineObjectLists';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine, enginesHolding, readEngineById } from '../../../src/containers/engineRegistry';
import { findContainersUsing } from '../../../src/containers/findContainersUsing';
import { listForPick } from '../../../src/containers/pickLists';
import { listPoolVolumes } from '../../../src/containers/poolVolumes';
import { syncEngine } from '../../../src/containers/syncEngine';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { lxcQuery, lxdPeer, podmanPeer, testEngineContext } from './enginePeers';

/** The core's named catalog reads (what the tree, commands, CLI and panels call), checked against LXD's and Podman's own answers. */
describe('containers catalog queries (real LXD and Podman)', function () {
  let t: TempCatalog;
  let lxd: EngineRecord;
  let pod: EngineRecord;
  const peer = lxdPeer();

  before(async () => {
    t = await openTempCatalog();
    lxd = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.socket, name: 'lxd' });
    pod = await addEngine(t.catalog, { kind: 'podman', endpoint: podmanPeer().socket, name: 'podman' });
    await syncEngine(t.catalog, lxd, testEngineContext());
    await syncEngine(t.catalog, pod, testEngineContext());
  });
  after(async () => t?.dispose());

  it("readContainerDetails: a container's own keys, profiles in order, effective config with origins, the profiles it lacks", async () => {
    const d = await readContainerDetails(t.catalog, lxd.id, 'ct-layered');
    assert.ok(d);
    assert.equal(d.engine.name, 'lxd');
    const own = lxcQuery<{ config: Record<string, string>; profiles: string[] }>(peer, '/1.0/instances/ct-layered');
    assert.deepEqual(d.container.profiles, own.profiles);
    assert.deepEqual(d.container.config, own.config);
    assert.deepEqual(d.profiles.map((p) => p.name).sort(), [...own.profiles].sort());
    assert.equal(d.effective.config['limits.memory'].value, '256MB');
    assert.deepEqual(d.effective.config['limits.memory'].origin, { kind: 'profile', profile: 'web' });
    const all = lxcQuery<string[]>(peer, '/1.0/profiles').map((p) => p.replace(/^\/1\.0\/profiles\//, ''));
    assert.deepEqual([...d.otherProfiles].sort(), all.filter((p) => !own.profiles.includes(p)).sort());
    assert.equal(await readContainerDetails(t.catalog, lxd.id, 'no-such-container'), undefined);
    assert.equal(await readContainerDetails(t.catalog, 999_999, 'ct-layered'), undefined);
  });

  it('engine lookups: by row id, and the engines holding a name', async () => {
    assert.equal((await readEngineById(t.catalog, pod.id))?.name, 'podman');
    assert.equal(await readEngineById(t.catalog, 999_999), undefined);
    assert.deepEqual(await enginesHolding(t.catalog, 'container', 'ct-layered'), ['lxd']);
    assert.deepEqual(await enginesHolding(t.catalog, 'profile', 'web'), ['lxd']);
    assert.deepEqual(await enginesHolding(t.catalog, 'container', 'nowhere'), []);
  });

  it("counts and lists of an engine's objects equal LXD's own lists", async () => {
    const names = (path: string) => lxcQuery<string[]>(peer, path).map((p) => decodeURIComponent(p.slice(p.lastIndexOf('/') + 1)));
    const profiles = await listEngineObjects(t.catalog, lxd.id, 'profiles');
    assert.deepEqual(profiles.map((p) => p.name), names('/1.0/profiles').sort());
    const pools = await listEngineObjects(t.catalog, lxd.id, 'storage');
    assert.deepEqual(pools.map((p) => p.name), names('/1.0/storage-pools').sort());
    const images = await listEngineObjects(t.catalog, lxd.id, 'images');
    assert.deepEqual(images.map((i) => i.fingerprint).sort(), names('/1.0/images').sort());
    const counts = await countEngineObjects(t.catalog, lxd.id);
    assert.equal(counts.profiles, profiles.length);
    assert.equal(counts.storage, pools.length);
    assert.equal(counts.images, images.length);
    assert.equal(counts.networks, (await listEngineObjects(t.catalog, lxd.id, 'networks')).length);
    const volumes = await listPoolVolumes(t.catalog, lxd.id, peer.pool);
    assert.ok(volumes.some((v) => v.type === 'custom' && v.name === peer.volume), JSON.stringify(volumes));
    assert.equal(pools.find((p) => p.name === peer.pool)?.volumes, volumes.length);
  });

  it('container summaries and quick-pick rows list the same containers, by engine then name', async () => {
    const all = await listContainerSummaries(t.catalog);
    const picks = await listForPick(t.catalog, 'containers');
    assert.deepEqual(picks.map((p) => `${p.engine}/${p.name}`), all.map((c) => `${c.engine}/${c.name}`));
    for (const n of peer.containers) assert.ok(all.some((c) => c.engine === 'lxd' && c.name === n), n);
    const one = await listContainerSummaries(t.catalog, { engineId: lxd.id, name: 'ct-layered' });
    assert.deepEqual(one.map((c) => [c.name, c.profiles]), [['ct-layered', ['default', 'limits', 'web']]]);
  });

  it('findContainersUsing answers as LXD: a network, a profile (only within its engine), a custom volume', async () => {
    assert.deepEqual((await findContainersUsing(t.catalog, { kind: 'network', name: peer.bridge, engineId: lxd.id })).map((r) => r.name), ['ct-direct', 'ct-layered', 'ct-web']);
    const usedBy = (path: string) => lxcQuery<{ used_by: string[] }>(peer, path).used_by.filter((u) => u.startsWith('/1.0/instances/')).map((u) => u.slice('/1.0/instances/'.length)).filter((u) => !u.includes('/')).sort();
    const webUsers = usedBy('/1.0/profiles/web');
    const volumeUsers = usedBy(`/1.0/storage-pools/${peer.pool}/volumes/custom/${peer.volume}`);
    assert.ok(webUsers.length && volumeUsers.length, 'the LXD peer has users of profile web and of its volume');
    assert.deepEqual((await findContainersUsing(t.catalog, { kind: 'profile', name: 'web', engineId: lxd.id })).map((r) => r.name).sort(), webUsers);
    assert.deepEqual(await findContainersUsing(t.catalog, { kind: 'profile', name: 'web' }), []);
    assert.deepEqual(
      (await findContainersUsing(t.catalog, { kind: 'volume', name: peer.volume, pool: peer.pool, engineId: lxd.id })).map((r) => r.name).sort(),
      volumeUsers,
    );
  });
});
