import * as assert from 'node:assert/strict';
import type { EngineContext } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { syncEngine } from '../../../src/containers/syncEngine';
import { containersUsingNetworks, containersUsingVolumes, containersWithRootIn } from '../../../src/containers/usedBy';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { containerPanelLogic } from '../../../src/webviews/container/containerPanelLogic';
import { validateContainerMessage } from '../../../src/webviews/container/validateContainerMessage';
import { engineObjectId } from '../../../src/webviews/engineObjectId';
import type { PanelLogic, PanelRequest } from '../../../src/webviews/panelSession';
import { PanelSession } from '../../../src/webviews/panelSession';
import type { HostMessage, ReplyMessage, SnapshotMessage } from '../../../src/webviews/protocol';
import { listStoragePoolsForPick } from '../../../src/webviews/storage/loadStoragePoolView';
import { listStorageVolumesForPick } from '../../../src/webviews/storage/loadStorageVolumeView';
import type { StoragePoolView, StorageVolumeView } from '../../../src/webviews/storage/protocol';
import { storagePoolPanelLogic } from '../../../src/webviews/storage/storagePoolPanelLogic';
import { parseStorageVolumeId, storageVolumeId } from '../../../src/webviews/storage/storageVolumeId';
import { storageVolumePanelLogic } from '../../../src/webviews/storage/storageVolumePanelLogic';
import { validateStoragePoolMessage } from '../../../src/webviews/storage/validateStoragePoolMessage';
import { validateStorageVolumeMessage } from '../../../src/webviews/storage/validateStorageVolumeMessage';
import { lxc, lxcQuery, lxdPeer, testEngineContext, type LxdPeer } from '../containers/enginePeers';
import { OBJECT_LIMITS } from '../../../src/containers/objectRules';

const log: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Messages no storage panel may accept, whatever its commands. */
function hostile(): unknown[] {
  const cyclic: Record<string, unknown> = { type: 'openContainer', requestId: 1 };
  cyclic.self = cyclic;
  return [
    null,
    'openContainer',
    [],
    { type: 'deleteVolume', requestId: 1, volume: '1/default/custom/data' },
    { type: 'openContainer', requestId: '1', container: '1/ct-web' },
    { type: 'openContainer', requestId: 1, container: 7 },
    { type: 'openContainer', requestId: 1, container: '1/../../etc' },
    { type: 'openContainer', requestId: 1, container: `1/${'a'.repeat(300_000)}` },
    { type: 'openContainer', requestId: 1, container: '1/ct-web', extra: true },
    { type: 'openContainer', requestId: 0, container: '1/ct-web' },
    cyclic,
  ];
}

/** A short description of a test message (one is cyclic). */
function show(m: unknown): string {
  try {
    return String(JSON.stringify(m)).slice(0, 80);
  } catch {
    return 'a cyclic object';
  }
}

/** One panel session driven like the page drives it: ready, then requests with ids. */
async function open<V, M extends PanelRequest, L = never>(logic: PanelLogic<V, M, L>, id: string) {
  const posted: HostMessage<V, L>[] = [];
  const session = new PanelSession<V, M, L>(logic, id, { post: (m) => posted.push(m), close: () => undefined, setTitle: () => undefined, log });
  await session.receive({ type: 'ready' });
  let nextId = 1;
  return {
    session,
    posted,
    view: (): V => ([...posted].reverse().find((m) => m.type === 'snapshot') as SnapshotMessage<V>).view,
    async send(m: Record<string, unknown>): Promise<ReplyMessage> {
      const requestId = nextId++;
      await session.receive({ ...m, requestId });
      const reply = posted.find((p): p is ReplyMessage => p.type === 'reply' && p.requestId === requestId);
      assert.ok(reply, `no reply to ${String(m.type)}`);
      return reply;
    },
  };
}

type ApiUsedBy = { used_by: string[] };
/** Instance names in LXD's own `used_by` (snapshots and non-instances left out). */
const instancesIn = (usedBy: string[]): string[] =>
  usedBy.map((u) => /^\/1\.0\/instances\/([^/?]+)(?:\?.*)?$/.exec(u)?.[1]).filter((n): n is string => n !== undefined).sort();

describe('storage volume ids and the storage panels\' validators', () => {
  it('formats and parses volume ids, snapshot volumes included, and refuses anything else', () => {
    const id = storageVolumeId(3, 'default', 'custom', 'data');
    assert.equal(id, '3/default/custom/data');
    assert.deepEqual(parseStorageVolumeId(id), { engineId: 3, pool: 'default', type: 'custom', name: 'data' });
    assert.deepEqual(parseStorageVolumeId('3/default/container/ct-web/snap0'), { engineId: 3, pool: 'default', type: 'container', name: 'ct-web/snap0' });
    for (const bad of ['', '3/default/data', '0/default/custom/data', '3/default/bogus/data', '3/default/custom/../x', '3/default/custom/a/b/c',
      '3/de fault/custom/data', '3/default/custom/', 'x/default/custom/data', '3/default/custom/data\n', `3/default/custom/${'a'.repeat(OBJECT_LIMITS.name + 1)}`, '3/../custom/x', '3/default/custom/x/.']) {
      assert.equal(parseStorageVolumeId(bad), undefined, bad);
    }
  });

  it('the pool panel accepts exactly its messages', () => {
    const good = [{ type: 'ready' }, { type: 'openContainer', requestId: 1, container: '1/ct-web' }, { type: 'openVolume', requestId: 2, volume: '1/default/custom/data' }];
    for (const m of good) {
      const r = validateStoragePoolMessage(m);
      assert.ok(r.ok, `${JSON.stringify(m)}: ${r.ok ? '' : r.error}`);
      assert.deepEqual(r.message, m);
    }
    for (const m of [...hostile(), { type: 'openPool', requestId: 1, pool: '1/default' }, { type: 'openVolume', requestId: 1, volume: '1/default/bogus/data' }]) {
      const r = validateStoragePoolMessage(m);
      assert.equal(r.ok, false, `accepted ${show(m)}`);
    }
  });

  it('the volume panel accepts exactly its messages', () => {
    for (const m of [{ type: 'openContainer', requestId: 1, container: '1/ct-web' }, { type: 'openPool', requestId: 2, pool: '1/default' }]) {
      assert.ok(validateStorageVolumeMessage(m).ok, JSON.stringify(m));
    }
    for (const m of [...hostile(), { type: 'openVolume', requestId: 1, volume: '1/default/custom/data' }, { type: 'openPool', requestId: 1, pool: '1/default/custom' }]) {
      assert.equal(validateStorageVolumeMessage(m).ok, false);
    }
  });

  it('the container panel accepts openVolume and openContainer only with well-formed ids', () => {
    assert.ok(validateContainerMessage({ type: 'openVolume', requestId: 1, volume: '1/default/custom/data' }).ok);
    assert.ok(validateContainerMessage({ type: 'openContainer', requestId: 1, container: '1/ct-web' }).ok);
    assert.ok(validateContainerMessage({ type: 'openPool', requestId: 1, pool: '1/default' }).ok);
    assert.equal(validateContainerMessage({ type: 'openPool', requestId: 1, pool: '1/default/custom/data' }).ok, false);
    for (const m of [{ type: 'openVolume', requestId: 1, volume: '/etc/passwd' }, { type: 'openVolume', requestId: 1, volume: 7 }, { type: 'openContainer', requestId: 1, container: '1/a/b' }]) {
      assert.equal(validateContainerMessage(m).ok, false, JSON.stringify(m));
    }
  });
});

describe('storage pool and volume panels against the real LXD', function () {
  this.timeout(180_000);
  // Our own objects: a second pool, a profile putting the root disk there, two containers and a volume.
  const POOL = 'cc-p2-pool';
  const PROFILE = 'cc-p2-root';
  const VOLUME = 'cc-p2-vol';
  const LOCAL = 'pt-st-local';
  const VIA_PROFILE = 'pt-st-prof';
  let peer: LxdPeer;
  let t: TempCatalog;
  let ctx: EngineContext;
  let engine: EngineRecord;
  let opened: { containers: string[]; pools: string[]; volumes: string[] };
  const hooks = {
    openContainer: async (id: string) => void opened.containers.push(id),
    openStoragePool: async (id: string) => void opened.pools.push(id),
    openStorageVolume: async (id: string) => void opened.volumes.push(id),
  };

  function cleanup(): void {
    for (const args of [['delete', '-f', LOCAL], ['delete', '-f', VIA_PROFILE], ['profile', 'delete', PROFILE], ['storage', 'volume', 'delete', POOL, VOLUME], ['storage', 'delete', POOL]]) {
      try { lxc(peer, args); } catch { /* not there */ }
    }
  }

  before(async () => {
    peer = lxdPeer();
    cleanup();
    lxc(peer, ['storage', 'create', POOL, 'dir']);
    lxc(peer, ['storage', 'volume', 'create', POOL, VOLUME]);
    lxc(peer, ['profile', 'create', PROFILE]);
    lxc(peer, ['profile', 'device', 'add', PROFILE, 'root', 'disk', 'path=/', `pool=${POOL}`]);
    // Root disk through a later profile (overrides default's root), and through the container's own device.
    lxc(peer, ['init', peer.imageAlias, VIA_PROFILE, '-p', 'default', '-p', PROFILE]);
    lxc(peer, ['init', peer.imageAlias, LOCAL, '-p', 'default', '-s', POOL]);
    for (const c of [LOCAL, VIA_PROFILE]) lxc(peer, ['config', 'device', 'add', c, 'vol', 'disk', `pool=${POOL}`, `source=${VOLUME}`, 'path=/vol']);
    t = await openTempCatalog();
    ctx = testEngineContext();
    engine = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.socket, name: 'lxd-storage' });
    await syncEngine(t.catalog, engine, ctx);
  });
  after(async () => {
    if (peer) cleanup();
    await t?.dispose();
  });
  beforeEach(() => {
    opened = { containers: [], pools: [], volumes: [] };
  });

  it('root-disk users of a pool follow LXD\'s device expansion and equal LXD\'s own used_by', async () => {
    for (const pool of [peer.pool, POOL]) {
      const ours = (await t.catalog.read((em) => containersWithRootIn(em, pool, engine.id))).map((u) => u.name).sort();
      assert.deepEqual(ours, instancesIn(lxcQuery<ApiUsedBy>(peer, `/1.0/storage-pools/${pool}`).used_by), pool);
    }
    const inDefault = (await t.catalog.read((em) => containersWithRootIn(em, peer.pool, engine.id))).map((u) => u.name);
    for (const c of peer.containers) assert.ok(inDefault.includes(c), `${c} (root through profile default) missing`);
    assert.ok(!inDefault.includes(LOCAL) && !inDefault.includes(VIA_PROFILE), inDefault.join(', '));
  });

  it('users of several volumes in one query, each with its (pool, volume), equal LXD\'s used_by', async () => {
    const rows = await t.catalog.read((em) =>
      containersUsingVolumes(em, [{ pool: peer.pool, volume: peer.volume }, { pool: POOL, volume: VOLUME }, { pool: POOL, volume: peer.volume }], engine.id),
    );
    for (const [pool, volume] of [[peer.pool, peer.volume], [POOL, VOLUME]]) {
      const ours = rows.filter((r) => r.pool === pool && r.volume === volume).map((r) => r.name).sort();
      assert.deepEqual(ours, instancesIn(lxcQuery<ApiUsedBy>(peer, `/1.0/storage-pools/${pool}/volumes/custom/${volume}`).used_by), `${pool}/${volume}`);
    }
    assert.equal(rows.filter((r) => r.pool === POOL && r.volume === peer.volume).length, 0, 'a pair nobody uses matched');
    const nets = await t.catalog.read((em) => containersUsingNetworks(em, [peer.bridge, 'no-such-net'], engine.id));
    assert.ok(nets.every((n) => n.network === peer.bridge) && nets.some((n) => n.name === 'ct-web'), JSON.stringify(nets));
  });

  it('pool panel: driver, config, volumes (custom first) and users; opens only what it lists', async () => {
    const p = await open(storagePoolPanelLogic(async () => t.catalog, hooks), engineObjectId(engine.id, peer.pool));
    const v: StoragePoolView = p.view();
    const api = lxcQuery<{ driver: string; config: Record<string, string>; used_by: string[] }>(peer, `/1.0/storage-pools/${peer.pool}`);
    assert.equal(v.driver, api.driver);
    assert.deepEqual(Object.fromEntries(v.config.map((c) => [c.key, c.value])), api.config);
    assert.deepEqual(v.rootDisks.map((u) => u.name).sort(), instancesIn(api.used_by));
    assert.equal(v.volumes[0].type, 'custom');
    const data = v.volumes.find((x) => x.name === peer.volume && x.type === 'custom');
    assert.equal(data?.id, storageVolumeId(engine.id, peer.pool, 'custom', peer.volume));
    assert.deepEqual(data?.usedBy.map((u) => u.name), ['ct-layered']);
    const ctWeb = v.volumes.find((x) => x.name === 'ct-web');
    assert.deepEqual(ctWeb && { type: ctWeb.type, id: ctWeb.id }, { type: 'container', id: null });

    assert.equal((await p.send({ type: 'openContainer', container: engineObjectId(engine.id, 'ct-plain') })).ok, true);
    assert.equal((await p.send({ type: 'openContainer', container: engineObjectId(engine.id, 'ct-layered') })).ok, true);
    const other = await p.send({ type: 'openContainer', container: engineObjectId(engine.id, LOCAL) });
    assert.equal(other.ok, false, 'opened a container whose data is in another pool');
    assert.equal((await p.send({ type: 'openVolume', volume: data?.id })).ok, true);
    assert.equal((await p.send({ type: 'openVolume', volume: storageVolumeId(engine.id, peer.pool, 'container', 'ct-web') })).ok, false);
    assert.equal((await p.send({ type: 'openVolume', volume: storageVolumeId(engine.id, POOL, 'custom', VOLUME) })).ok, false);
    assert.deepEqual(opened, { containers: [engineObjectId(engine.id, 'ct-plain'), engineObjectId(engine.id, 'ct-layered')], pools: [], volumes: [data?.id] });

    const before = p.session.counters.rejected;
    for (const m of hostile()) await p.session.receive(m);
    assert.equal(p.session.counters.rejected, before + hostile().length);
    assert.equal(opened.containers.length, 2, 'a hostile message opened something');
  });

  it('pool panel of our own pool: roots through a later profile and through a local device, a volume with two users', async () => {
    const p = await open(storagePoolPanelLogic(async () => t.catalog, hooks), engineObjectId(engine.id, POOL));
    const v: StoragePoolView = p.view();
    assert.deepEqual(v.rootDisks.map((u) => u.name), [LOCAL, VIA_PROFILE]);
    assert.deepEqual(v.volumes.find((x) => x.name === VOLUME)?.usedBy.map((u) => u.name), [LOCAL, VIA_PROFILE]);
    assert.ok(v.volumes.some((x) => x.type === 'container' && x.name === LOCAL), JSON.stringify(v.volumes));
  });

  it('volume panel: description, config and users as LXD has them; a way back to its pool only', async () => {
    const id = storageVolumeId(engine.id, peer.pool, 'custom', peer.volume);
    const p = await open(storageVolumePanelLogic(async () => t.catalog, hooks), id);
    const v: StorageVolumeView = p.view();
    const api = lxcQuery<{ description: string; config: Record<string, string>; used_by: string[] }>(peer, `/1.0/storage-pools/${peer.pool}/volumes/custom/${peer.volume}`);
    assert.equal(v.description, api.description);
    assert.deepEqual(Object.fromEntries(v.config.map((c) => [c.key, c.value])), api.config);
    assert.deepEqual(v.usedBy.map((u) => u.name), instancesIn(api.used_by));
    assert.deepEqual(v.pool, { id: engineObjectId(engine.id, peer.pool), name: peer.pool, driver: 'dir' });
    assert.equal((await p.send({ type: 'openPool', pool: engineObjectId(engine.id, POOL) })).ok, false);
    assert.equal((await p.send({ type: 'openPool', pool: v.pool.id })).ok, true);
    assert.equal((await p.send({ type: 'openContainer', container: engineObjectId(engine.id, 'ct-web') })).ok, false);
    assert.equal((await p.send({ type: 'openContainer', container: engineObjectId(engine.id, 'ct-layered') })).ok, true);
    assert.deepEqual(opened, { containers: [engineObjectId(engine.id, 'ct-layered')], pools: [v.pool.id], volumes: [] });
    const before = p.session.counters.rejected;
    for (const m of hostile()) await p.session.receive(m);
    assert.equal(p.session.counters.rejected, before + hostile().length);

    // A container's own volume lists that container; an unknown id loads nothing.
    const root = await open(storageVolumePanelLogic(async () => t.catalog, hooks), storageVolumeId(engine.id, peer.pool, 'container', 'ct-web'));
    assert.deepEqual(root.view().usedBy.map((u) => u.name), ['ct-web']);
    assert.equal(await storageVolumePanelLogic(async () => t.catalog, hooks).load(storageVolumeId(engine.id, peer.pool, 'custom', 'no-such-volume')), undefined);
  });

  it('quick picks list every pool and volume of every engine, custom volumes first', async () => {
    const pools = await listStoragePoolsForPick(t.catalog);
    assert.deepEqual(pools.map((p) => p.name).sort(), [POOL, peer.pool].sort());
    const volumes = await listStorageVolumesForPick(t.catalog);
    assert.deepEqual(volumes.slice(0, 2).map((v) => v.name).sort(), [VOLUME, peer.volume].sort());
    assert.ok(volumes.some((v) => v.id === storageVolumeId(engine.id, peer.pool, 'container', 'ct-web')));
  });

  it('container panel Uses: who else is on each network and volume; opens volumes and only those containers', async () => {
    const logic = containerPanelLogic({
      catalog: async () => t.catalog,
      engineContext: ctx,
      openNetwork: async () => undefined,
      openProfile: async () => undefined,
      openVolume: hooks.openStorageVolume,
      openPool: hooks.openStoragePool,
      openContainer: hooks.openContainer,
      openShell: async () => assert.fail('no shell is opened here'),
      refreshNode: () => undefined,
      confirm: async () => false,
    });
    // LXD's answer first: `lxc` blocks this process, which must not happen while the panel reads the live state.
    const onBridge = instancesIn(lxcQuery<ApiUsedBy>(peer, `/1.0/networks/${peer.bridge}`).used_by).filter((n) => n !== 'ct-layered');
    const layered = await open(logic, engineObjectId(engine.id, 'ct-layered'));
    const u = layered.view().uses;
    const net = u.networks.find((n) => n.name === peer.bridge);
    assert.deepEqual(net?.others.map((o) => o.name).sort(), onBridge);
    assert.deepEqual(u.volumes.map((v) => ({ pool: v.pool, volume: v.volume, id: v.id, others: v.others })), [
      { pool: peer.pool, volume: peer.volume, id: storageVolumeId(engine.id, peer.pool, 'custom', peer.volume), others: [] },
    ]);
    assert.equal((await layered.send({ type: 'openVolume', volume: u.volumes[0].id })).ok, true);
    assert.equal((await layered.send({ type: 'openVolume', volume: storageVolumeId(engine.id, POOL, 'custom', VOLUME) })).ok, false);
    assert.equal((await layered.send({ type: 'openContainer', container: engineObjectId(engine.id, 'ct-web') })).ok, true);
    assert.equal((await layered.send({ type: 'openContainer', container: engineObjectId(engine.id, 'ct-plain') })).ok, false);
    // Its root disk, through profile default: pool default.
    assert.deepEqual(u.rootPool, { name: peer.pool, id: engineObjectId(engine.id, peer.pool), device: 'root' });
    assert.equal((await layered.send({ type: 'openPool', pool: engineObjectId(engine.id, POOL) })).ok, false);
    assert.equal((await layered.send({ type: 'openPool', pool: engineObjectId(engine.id, peer.pool) })).ok, true);

    const local = await open(logic, engineObjectId(engine.id, LOCAL));
    assert.deepEqual(local.view().uses.volumes.map((v) => v.others.map((o) => o.name)), [[VIA_PROFILE]]);
    assert.deepEqual(local.view().uses.networks, []);
    assert.deepEqual(local.view().uses.rootPool, { name: POOL, id: engineObjectId(engine.id, POOL), device: 'root' });
    assert.equal((await local.send({ type: 'openContainer', container: engineObjectId(engine.id, VIA_PROFILE) })).ok, true);
    assert.deepEqual(opened, {
      containers: [engineObjectId(engine.id, 'ct-web'), engineObjectId(engine.id, VIA_PROFILE)],
      pools: [engineObjectId(engine.id, peer.pool)],
      volumes: [storageVolumeId(engine.id, peer.pool, 'custom', peer.volume)],
    });
  });
});
