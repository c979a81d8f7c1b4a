import * as assert from 'node:assert/strict';
import { loadContainer } from '../../../src/containers/catalogReads';
import { ContainerActions } from '../../../src/containers/containerActions';
import type { EngineContext } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { syncEngine } from '../../../src/containers/syncEngine';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { containerPanelLogic } from '../../../src/webviews/container/containerPanelLogic';
import type { ContainerLive, ContainerRequest, ContainerView } from '../../../src/webviews/container/protocol';
import { engineObjectId } from '../../../src/webviews/engineObjectId';
import { networkPanelLogic } from '../../../src/webviews/network/networkPanelLogic';
import type { NetworkRequest, NetworkView } from '../../../src/webviews/network/protocol';
import { PanelSession } from '../../../src/webviews/panelSession';
import type { HostMessage } from '../../../src/webviews/protocol';
import { drivePanel as drive } from './drivePanel';
import { lxc, lxcQuery, lxdPeer, testEngineContext, type LxdPeer } from '../containers/enginePeers';

type ApiInstance = { config: Record<string, string>; devices: Record<string, Record<string, string>>; profiles: string[] };
const lines: string[] = [];
const log: Logger = { trace: () => undefined, debug: () => undefined, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(String(m)) };

describe('container and network panels against the real LXD', function () {
  const NAME = 'pt-panel';
  let peer: LxdPeer;
  let t: TempCatalog;
  let ctx: EngineContext;
  let engine: EngineRecord;
  let confirmAnswer: boolean;
  let openedNetworks: string[];
  let openedContainers: string[];
  const shells: string[] = [];
  let openedProfiles: string[];
  let refreshed: string[];

  before(async () => {
    peer = lxdPeer();
    t = await openTempCatalog();
    ctx = testEngineContext();
    engine = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.socket, name: 'lxd-panels' });
    try { lxc(peer, ['delete', '-f', NAME]); } catch { /* not left over */ }
    await syncEngine(t.catalog, engine, ctx);
    await new ContainerActions(t.catalog, ctx).create(engine, { name: NAME, image: peer.imageAlias, profiles: ['default', 'limits', 'web'], config: { 'user.made-by': 'panel-tests' } });
  });
  after(async () => {
    try { lxc(peer, ['delete', '-f', NAME]); } catch { /* deleted */ }
    await t?.dispose();
  });
  beforeEach(() => {
    confirmAnswer = true;
    openedNetworks = [];
    openedContainers = [];
    openedProfiles = [];
    refreshed = [];
  });

  const api = () => lxcQuery<ApiInstance>(peer, `/1.0/instances/${NAME}`);
  const row = async () => (await t.catalog.read((em) => loadContainer(em, engine.id, NAME)))!;

  async function openContainer(name = NAME) {
    const logic = containerPanelLogic({
      catalog: async () => t.catalog,
      engineContext: ctx,
      openNetwork: async (id) => void openedNetworks.push(id),
      openProfile: async (id) => void openedProfiles.push(id),
      openVolume: async () => assert.fail('no volume is opened here'),
      openPool: async () => assert.fail('no pool is opened here'),
      openContainer: async (id) => void openedContainers.push(id),
      openShell: async (v) => (shells.push(v.name), `${v.name} (terminal)`),
      refreshNode: (v) => refreshed.push(v.id),
      confirm: async () => confirmAnswer,
    });
    const posted: HostMessage<ContainerView, ContainerLive>[] = [];
    const session = new PanelSession<ContainerView, ContainerRequest, ContainerLive>(logic, engineObjectId(engine.id, name), {
      post: (m) => posted.push(m), close: () => undefined, setTitle: () => undefined, log,
    });
    t.catalog.onDidChange((e) => void session.catalogChanged(e.external));
    await session.receive({ type: 'ready' });
    const d = drive(session, posted);
    await d.live();
    return { session, posted, ...d, send: (m: Record<string, unknown>, edit = false) => d.send(m, edit, true) };
  }

  it('shows the container with its profiles in order, effective config with origins, what it uses, and its live state', async () => {
    const p = await openContainer();
    const v = p.snapshot().view;
    assert.equal(v.name, NAME);
    assert.deepEqual(v.profiles, ['default', 'limits', 'web']);
    const memory = v.effective.config.find((c) => c.key === 'limits.memory');
    assert.deepEqual(memory && { value: memory.value, origin: memory.origin, overrides: memory.overrides }, { value: '256MB', origin: 'profile web', overrides: ['profile limits'] });
    const eth0 = v.effective.devices.find((d) => d.name === 'eth0');
    assert.equal(eth0?.origin, 'profile web');
    // Who else is on the bridge: directly (ct-direct) or through profile web, not ct-override (its own eth0 wins).
    const others = ['ct-direct', 'ct-layered', 'ct-web'].map((n) => ({ id: engineObjectId(engine.id, n), name: n }));
    assert.deepEqual(v.uses.networks, [{ name: peer.bridge, id: engineObjectId(engine.id, peer.bridge), device: 'eth0', others }]);
    const live = await p.live();
    assert.equal(live.state, 'ok');
    assert.equal(live.state === 'ok' && live.running, false);
  });

  it('sets a config key: the engine and the catalog change, only this node refreshes', async () => {
    const p = await openContainer();
    const reply = await p.send({ type: 'setConfig', key: 'user.note', value: 'set from the panel' }, true);
    assert.equal(reply.ok, true, reply.message);
    assert.equal(api().config['user.note'], 'set from the panel');
    assert.equal((await row()).config['user.note'], 'set from the panel');
    assert.ok(p.snapshot().view.config.some((c) => c.key === 'user.note' && c.value === 'set from the panel'));
    assert.deepEqual(refreshed, [engineObjectId(engine.id, NAME)]);
  });

  it('puts an invalid value or key next to its field and saves nothing', async () => {
    const p = await openContainer();
    const before = api().config;
    const bad = await p.send({ type: 'setConfig', key: 'limits.cpu', value: 'lots' }, true);
    assert.equal(bad.ok, false);
    assert.ok(bad.fieldErrors?.value, JSON.stringify(bad));
    for (const key of ['bad key', 'volatile.eth0.hwaddr', '']) {
      const r = await p.send({ type: 'setConfig', key, value: 'x' }, true);
      assert.equal(r.ok, false, key);
      assert.ok(r.fieldErrors?.key, `no inline error for key ${JSON.stringify(key)}`);
    }
    assert.deepEqual(api().config, before);
    assert.equal((await row()).config['limits.cpu'], undefined);
  });

  it('reorders profiles in one change on the engine; refuses a "reorder" that adds or drops one', async () => {
    const p = await openContainer();
    const r = await p.send({ type: 'setProfiles', profiles: ['default', 'web', 'limits'] }, true);
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(api().profiles, ['default', 'web', 'limits']);
    assert.deepEqual((await row()).profiles, ['default', 'web', 'limits']);
    // Now limits applies last: its limits.memory wins.
    assert.equal(p.snapshot().view.effective.config.find((c) => c.key === 'limits.memory')?.origin, 'profile limits');
    const sneaky = await p.send({ type: 'setProfiles', profiles: ['default', 'web'] }, true);
    assert.equal(sneaky.ok, false);
    assert.deepEqual(api().profiles, ['default', 'web', 'limits']);
  });

  it('adds and removes a device, with errors inline', async () => {
    const p = await openContainer();
    const noType = await p.send({ type: 'addDevice', device: 'extra', config: { path: '/extra' } }, true);
    assert.ok(noType.fieldErrors?.deviceConfig);
    const added = await p.send({ type: 'addDevice', device: 'tmpdisk', config: { type: 'disk', path: '/mnt/panel', source: '/tmp' } }, true);
    assert.equal(added.ok, true, added.message);
    assert.equal(api().devices.tmpdisk?.path, '/mnt/panel');
    confirmAnswer = false;
    assert.equal((await p.send({ type: 'removeDevice', device: 'tmpdisk' }, true)).message, 'Cancelled; nothing changed.');
    assert.ok(api().devices.tmpdisk, 'removed without confirmation');
    confirmAnswer = true;
    assert.equal((await p.send({ type: 'removeDevice', device: 'tmpdisk' }, true)).ok, true);
    assert.equal(api().devices.tmpdisk, undefined);
  });

  it('creates, restores and deletes snapshots', async () => {
    const p = await openContainer();
    const bad = await p.send({ type: 'createSnapshot', snapshot: 'has space' });
    assert.ok(bad.fieldErrors?.snapshot);
    assert.equal((await p.send({ type: 'createSnapshot', snapshot: 'snap-panel' })).ok, true);
    assert.deepEqual(p.snapshot().view.snapshots, ['snap-panel']);
    assert.equal((await p.send({ type: 'restoreSnapshot', snapshot: 'snap-panel' })).ok, true);
    assert.equal((await p.send({ type: 'deleteSnapshot', snapshot: 'snap-panel' })).ok, true);
    assert.deepEqual(p.snapshot().view.snapshots, []);
    assert.deepEqual(lxcQuery<string[]>(peer, `/1.0/instances/${NAME}/snapshots`), []);
  });

  it('opens the panel of an applied profile, and of no other', async () => {
    const p = await openContainer();
    assert.equal((await p.send({ type: 'openProfile', profile: 'web' })).ok, true);
    const notApplied = await p.send({ type: 'openProfile', profile: 'not-applied' });
    assert.equal(notApplied.ok, false);
    assert.deepEqual(openedProfiles, [engineObjectId(engine.id, 'web')]);
  });

  it('the Open Shell button opens a shell in this container, named by the host, never by the page', async () => {
    const p = await openContainer();
    const reply = await p.send({ type: 'openShell' });
    assert.equal(reply.ok, true);
    assert.match(reply.type === 'reply' ? reply.message ?? '' : '', new RegExp(`${NAME} \\(terminal\\)`));
    assert.deepEqual(shells, [NAME]);
    const rejected = p.session.counters.rejected;
    for (const m of [{ type: 'openShell', requestId: 90, container: 'ct-web' }, { type: 'openShell', requestId: 91, command: '/bin/evil' }, { type: 'openShell' }]) await p.session.receive(m);
    assert.equal(p.session.counters.rejected, rejected + 3);
    assert.deepEqual(shells, [NAME], 'nothing else opened');
  });

  it('rejects hostile messages; the engine and the catalog stay as they were', async () => {
    const p = await openContainer();
    const before = { api: api(), row: await row() };
    const version = p.snapshot().version;
    const hostile: unknown[] = [
      { type: 'exec', requestId: 1, command: 'rm -rf /' },
      { type: 'setConfig', requestId: 2, version, key: 'user.x', value: 7 },
      { type: 'setConfig', requestId: 3, version, key: 'user.x', value: 'v'.repeat(300_000) },
      { type: 'setConfig', requestId: 4, version, key: 'user.x', value: 'v', container: 'ct-web' },
      { type: 'addDevice', requestId: 5, version, device: 'd', config: { type: { nested: true } } },
      { type: 'setProfiles', requestId: 6, version, profiles: 'default' },
      { type: 'lifecycle', requestId: 7, action: 'delete' },
      { type: 'openNetwork', requestId: 8, network: '../../etc' },
      { type: 'openProfile', requestId: 9, profile: ['web'] },
    ];
    for (const m of hostile) await p.session.receive(m);
    assert.equal(p.session.counters.rejected, hostile.length);
    // Answered (refused, nothing run), so the page that sent them is not left waiting.
    const replies = p.posted.filter((m) => m.type === 'reply');
    assert.deepEqual(replies.map((m) => m.type === 'reply' && [m.requestId, m.ok]), hostile.map((_, i) => [i + 1, false]));
    assert.deepEqual(api(), before.api);
    assert.deepEqual(await row(), before.row);
  });

  it('network panel: lists the containers using the bridge (the br0 question) and opens only those', async () => {
    const logic = networkPanelLogic(async () => t.catalog, async (id) => void openedContainers.push(id));
    const posted: HostMessage<NetworkView, never>[] = [];
    const session = new PanelSession<NetworkView, NetworkRequest>(logic, engineObjectId(engine.id, peer.bridge), {
      post: (m) => posted.push(m), close: () => undefined, setTitle: () => undefined, log,
    });
    await session.receive({ type: 'ready' });
    const p = drive(session, posted);
    const users = p.snapshot().view.usedBy.map((u) => u.name);
    // Directly (ct-direct's parent=), through profile web, but not ct-override whose own eth0 replaces web's.
    for (const n of ['ct-direct', 'ct-web', 'ct-layered', NAME]) assert.ok(users.includes(n), `${n} missing from ${users.join(', ')}`);
    assert.ok(!users.includes('ct-override') && !users.includes('ct-plain'), users.join(', '));
    assert.equal((await p.send({ type: 'openContainer', container: engineObjectId(engine.id, 'ct-web') })).ok, true);
    assert.equal((await p.send({ type: 'openContainer', container: engineObjectId(engine.id, 'ct-plain') })).ok, false);
    assert.deepEqual(openedContainers, [engineObjectId(engine.id, 'ct-web')]);
    // Wrong types, unknown commands, extra keys and a huge payload: rejected, nothing opened; the ones
    // with a request id are answered with an error, the others are not.
    const hostile: unknown[] = [
      { type: 'openContainer', requestId: 50, container: 7 },
      { type: 'openContainer', requestId: 51, container: '../../etc/passwd' },
      { type: 'openContainer', requestId: 52, container: engineObjectId(engine.id, 'ct-direct'), engine: 'other' },
      { type: 'openContainer', requestId: 53, container: 'x'.repeat(1_000_000) },
      { type: 'exec', requestId: 54, command: 'id' },
      { type: 'openContainer', container: engineObjectId(engine.id, 'ct-direct') },
      null,
      'openContainer',
    ];
    const rejectedBefore = session.counters.rejected;
    const repliesBefore = posted.filter((m) => m.type === 'reply').length;
    for (const m of hostile) await session.receive(m);
    assert.equal(session.counters.rejected, rejectedBefore + hostile.length);
    const replies = posted.filter((m) => m.type === 'reply').slice(repliesBefore);
    assert.deepEqual(replies.map((m) => m.type === 'reply' && [m.requestId, m.ok]), [50, 51, 52, 53, 54].map((id) => [id, false]));
    assert.deepEqual(openedContainers, [engineObjectId(engine.id, 'ct-web')]);
  });
});
