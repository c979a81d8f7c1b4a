import * as assert from 'node:assert/strict';
import { loadProfiles } from '../../../src/containers/catalogReads';
import type { EngineContext } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine, getEngine } from '../../../src/containers/engineRegistry';
import { OBJECT_LIMITS } from '../../../src/containers/objectRules';
import { ProfileActions } from '../../../src/containers/profileActions';
import { syncEngine } from '../../../src/containers/syncEngine';
import { importProfile } from '../../../src/containers/yamlTransfer';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { loadContainerView } from '../../../src/webviews/container/loadContainerView';
import { engineObjectId } from '../../../src/webviews/engineObjectId';
import { PanelSession } from '../../../src/webviews/panelSession';
import { listProfilesForPick } from '../../../src/webviews/profile/loadProfileView';
import { profilePanelLogic } from '../../../src/webviews/profile/profilePanelLogic';
import type { ProfileRequest, ProfileView } from '../../../src/webviews/profile/protocol';
import { validateProfileMessage } from '../../../src/webviews/profile/validateProfileMessage';
import type { HostMessage } from '../../../src/webviews/protocol';
import { lxc, lxcQuery, lxdPeer, testEngineContext, type LxdPeer } from '../containers/enginePeers';
import { drivePanel } from './drivePanel';

type ApiProfile = { description: string; config: Record<string, string>; devices: Record<string, Record<string, string>> };
const lines: string[] = [];
const log: Logger = { trace: () => undefined, debug: () => undefined, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(String(m)) };

describe('profile panel against the real LXD', function () {
  // Our own profile and container: the peer's default/web/limits profiles are shared by every test.
  const PROFILE = 'cc-panels-unit';
  const USER = 'pp-unit-user';
  let peer: LxdPeer;
  let t: TempCatalog;
  let ctx: EngineContext;
  let engine: EngineRecord;
  let local: EngineRecord;
  let openedContainers: string[];

  const cleanup = () => {
    try { lxc(peer, ['delete', '-f', USER]); } catch { /* not there */ }
    try { lxc(peer, ['profile', 'delete', PROFILE]); } catch { /* not there */ }
  };

  before(async () => {
    peer = lxdPeer();
    cleanup();
    lxc(peer, ['profile', 'create', PROFILE]);
    lxc(peer, ['profile', 'edit', PROFILE], 'description: Profile panel tests\nconfig:\n  user.team: panels\ndevices: {}\n');
    lxc(peer, ['init', peer.imageAlias, USER, '-p', 'default', '-p', PROFILE]);
    t = await openTempCatalog();
    ctx = testEngineContext();
    engine = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.socket, name: 'lxd-profile-panel' });
    local = await getEngine(t.catalog, 'local catalog');
    await syncEngine(t.catalog, engine, ctx);
  });
  after(async () => {
    cleanup();
    await t?.dispose();
  });
  beforeEach(() => {
    openedContainers = [];
  });

  const api = () => lxcQuery<ApiProfile>(peer, `/1.0/profiles/${PROFILE}`);
  const row = async (e = engine, name = PROFILE) => (await t.catalog.read((em) => loadProfiles(em, e.id, [name])))[0];

  async function open(id = engineObjectId(engine.id, PROFILE)) {
    const logic = profilePanelLogic({
      catalog: async () => t.catalog,
      engineContext: ctx,
      openContainer: async (c) => void openedContainers.push(c),
    });
    const posted: HostMessage<ProfileView, never>[] = [];
    const session = new PanelSession<ProfileView, ProfileRequest>(logic, id, { post: (m) => posted.push(m), close: () => undefined, setTitle: () => undefined, log });
    t.catalog.onDidChange((e) => void session.catalogChanged(e.external));
    await session.receive({ type: 'ready' });
    return { session, posted, ...drivePanel(session, posted) };
  }

  it('loads the profile from the catalog: description, config, devices and the containers using it', async () => {
    const p = await open();
    const v = p.snapshot().view;
    assert.equal(v.name, PROFILE);
    assert.equal(v.description, 'Profile panel tests');
    assert.equal(v.draft, false);
    assert.deepEqual(v.config, [{ key: 'user.team', value: 'panels' }]);
    assert.deepEqual(v.devices, []);
    assert.deepEqual(v.usedBy, [{ id: engineObjectId(engine.id, USER), name: USER }]);
    // The peer's web profile: its users, through the same query as "Find containers using…".
    const web = await open(engineObjectId(engine.id, 'web'));
    const users = web.snapshot().view.usedBy.map((u) => u.name);
    for (const n of ['ct-web', 'ct-layered', 'ct-override']) assert.ok(users.includes(n), users.join(', '));
    assert.ok(!users.includes('ct-plain'));
    assert.deepEqual(web.snapshot().view.devices.map((d) => d.name), ['eth0']);
    // The palette lists profiles of every engine, the local catalog's drafts included.
    const pick = await listProfilesForPick(t.catalog);
    assert.ok(pick.some((x) => x.id === engineObjectId(engine.id, PROFILE) && x.engine === 'lxd-profile-panel'), JSON.stringify(pick));
  });

  it('sets and unsets a config key: LXD and the catalog change, and containers using it see the new value', async () => {
    const p = await open();
    const set = await p.send({ type: 'setConfig', key: 'limits.memory', value: '192MB' }, true);
    assert.equal(set.ok, true, set.message);
    assert.equal(api().config['limits.memory'], '192MB');
    assert.equal((await row()).config['limits.memory'], '192MB');
    assert.ok(p.snapshot().view.config.some((c) => c.key === 'limits.memory' && c.value === '192MB'));
    const user = await loadContainerView(t.catalog, engineObjectId(engine.id, USER));
    assert.equal(user?.effective.config.find((c) => c.key === 'limits.memory')?.origin, `profile ${PROFILE}`);

    const unset = await p.send({ type: 'unsetConfig', key: 'limits.memory' }, true);
    assert.equal(unset.ok, true, unset.message);
    assert.equal(api().config['limits.memory'], undefined);
    assert.equal((await row()).config['limits.memory'], undefined);
    const missing = await p.send({ type: 'unsetConfig', key: 'limits.memory' }, true);
    assert.equal(missing.ok, false);
    assert.match(missing.message ?? '', /no config key limits\.memory/);
  });

  it('puts a value LXD refuses, or a bad key, next to its field and changes nothing', async () => {
    const p = await open();
    const before = { api: api(), row: await row() };
    const bad = await p.send({ type: 'setConfig', key: 'limits.cpu', value: 'abc' }, true);
    assert.equal(bad.ok, false);
    assert.ok(bad.fieldErrors?.value, JSON.stringify(bad));
    assert.match(bad.fieldErrors.value, /CPU/i);
    for (const key of ['bad key', 'volatile.eth0.hwaddr', '', 'a/b']) {
      const r = await p.send({ type: 'setConfig', key, value: 'x' }, true);
      assert.equal(r.ok, false, key);
      assert.ok(r.fieldErrors?.key, `no inline error for key ${JSON.stringify(key)}`);
    }
    assert.deepEqual(api(), before.api);
    assert.deepEqual(await row(), before.row);
  });

  it('adds and removes a device; an unknown device type is refused inline', async () => {
    const p = await open();
    const noType = await p.send({ type: 'addDevice', device: 'extra', config: { path: '/extra' } }, true);
    assert.ok(noType.fieldErrors?.deviceConfig, JSON.stringify(noType));
    const badName = await p.send({ type: 'addDevice', device: 'has space', config: { type: 'disk' } }, true);
    assert.ok(badName.fieldErrors?.device, JSON.stringify(badName));
    const refused = await p.send({ type: 'addDevice', device: 'weird', config: { type: 'bogus' } }, true);
    assert.ok(refused.fieldErrors?.deviceConfig, JSON.stringify(refused));
    assert.deepEqual(api().devices, {});

    const added = await p.send({ type: 'addDevice', device: 'scratch', config: { type: 'disk', path: '/mnt/scratch', source: '/tmp' } }, true);
    assert.equal(added.ok, true, added.message);
    assert.deepEqual(api().devices.scratch, { type: 'disk', path: '/mnt/scratch', source: '/tmp' });
    assert.deepEqual((await row()).devices.scratch, { type: 'disk', path: '/mnt/scratch', source: '/tmp' });
    assert.deepEqual(p.snapshot().view.devices.map((d) => d.name), ['scratch']);
    const twice = await p.send({ type: 'addDevice', device: 'scratch', config: { type: 'disk', path: '/mnt/other', source: '/tmp' } }, true);
    assert.ok(twice.fieldErrors?.deviceConfig, JSON.stringify(twice));

    assert.equal((await p.send({ type: 'removeDevice', device: 'scratch' }, true)).ok, true);
    assert.equal(api().devices.scratch, undefined);
    assert.equal((await row()).devices.scratch, undefined);
  });

  it('sets the description', async () => {
    const p = await open();
    const r = await p.send({ type: 'setDescription', description: '  Edited from the panel ' }, true);
    assert.equal(r.ok, true, r.message);
    assert.equal(api().description, 'Edited from the panel');
    assert.equal((await row()).description, 'Edited from the panel');
  });

  it('refuses an edit based on an older version (changed in LXD and synced meanwhile)', async () => {
    const p = await open();
    const stale = p.snapshot().version;
    lxc(peer, ['profile', 'set', PROFILE, 'user.elsewhere', 'yes']);
    await syncEngine(t.catalog, engine, ctx);
    await p.session.receive({ type: 'setConfig', requestId: 900, version: stale, key: 'user.mine', value: 'x' });
    const reply = p.posted.find((m) => m.type === 'reply' && m.requestId === 900);
    assert.ok(reply && reply.type === 'reply' && reply.conflict, JSON.stringify(reply));
    assert.equal(api().config['user.mine'], undefined);
  });

  it('opens only containers it lists as users', async () => {
    const p = await open();
    assert.equal((await p.send({ type: 'openContainer', container: engineObjectId(engine.id, USER) })).ok, true);
    assert.equal((await p.send({ type: 'openContainer', container: engineObjectId(engine.id, 'ct-plain') })).ok, false);
    assert.deepEqual(openedContainers, [engineObjectId(engine.id, USER)]);
  });

  it('rejects hostile messages; LXD and the catalog stay as they were', async () => {
    const p = await open();
    const before = { api: api(), row: await row() };
    const version = p.snapshot().version;
    const hostile: unknown[] = [
      { type: 'exec', requestId: 1, command: 'rm -rf /' },
      { type: 'setConfig', requestId: 2, version, key: 'user.x', value: 7 },
      { type: 'setConfig', requestId: 3, version, key: 'user.x', value: 'v'.repeat(300_000) },
      { type: 'setConfig', requestId: 4, version, key: 'user.x', value: 'v', profile: 'default' },
      { type: 'addDevice', requestId: 5, version, device: 'd', config: { type: { nested: true } } },
      { type: 'setDescription', requestId: 6, version, description: ['x'] },
      { type: 'setDescription', requestId: 7, description: 'no version' },
      { type: 'removeDevice', requestId: 8, version: 'not hex!', device: 'x' },
      { type: 'openContainer', requestId: 9, container: '../../etc/passwd' },
      { type: 'unsetConfig', requestId: 0, version, key: 'user.team' },
      { type: 'setConfig', requestId: 10, version, key: 'user.x', value: 'nul\u0000' },
      null,
      'setConfig',
    ];
    for (const m of hostile) await p.session.receive(m);
    assert.equal(p.session.counters.rejected, hostile.length);
    // Each message with a usable request id is answered (refused, nothing run); the others are not.
    const replies = p.posted.filter((m) => m.type === 'reply');
    assert.deepEqual(replies.map((m) => m.type === 'reply' && [m.requestId, m.ok]), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((id) => [id, false]));
    assert.deepEqual(api(), before.api);
    assert.deepEqual(await row(), before.row);
    // The validator alone: every shape above is refused, a well-formed edit passes.
    for (const m of hostile) assert.equal(validateProfileMessage(m).ok, false, JSON.stringify(m)?.slice(0, 80));
    assert.equal(validateProfileMessage({ type: 'setConfig', requestId: 1, version, key: 'user.x', value: 'multi\nline' }).ok, true);
  });

  it('edits a local-catalog draft in the catalog with the same rules (no engine involved)', async () => {
    await importProfile(t.catalog, local, 'name: cc-draft\ndescription: A draft\nconfig:\n  user.a: "1"\ndevices: {}\n');
    const p = await open(engineObjectId(local.id, 'cc-draft'));
    assert.equal(p.snapshot().view.draft, true);
    assert.equal((await p.send({ type: 'setConfig', key: 'user.b', value: '2' }, true)).ok, true);
    assert.equal((await p.send({ type: 'unsetConfig', key: 'user.a' }, true)).ok, true);
    assert.equal((await p.send({ type: 'addDevice', device: 'data', config: { type: 'disk', path: '/data', source: '/srv' } }, true)).ok, true);
    assert.equal((await p.send({ type: 'setDescription', description: 'Edited draft' }, true)).ok, true);
    assert.ok((await p.send({ type: 'setConfig', key: 'volatile.x', value: '1' }, true)).fieldErrors?.key);
    assert.ok((await p.send({ type: 'addDevice', device: 'nic0', config: { name: 'eth0' } }, true)).fieldErrors?.deviceConfig);
    const draft = await row(local, 'cc-draft');
    assert.deepEqual(draft, { name: 'cc-draft', description: 'Edited draft', config: { 'user.b': '2' }, devices: { data: { type: 'disk', path: '/data', source: '/srv' } } });
    assert.deepEqual(p.snapshot().view.config, [{ key: 'user.b', value: '2' }]);
    assert.equal((await p.send({ type: 'removeDevice', device: 'data' }, true)).ok, true);
    assert.deepEqual((await row(local, 'cc-draft')).devices, {});
  });

  it('opens and edits a draft the YAML import took with the longest names, keys and description it allows', async () => {
    // Names over 200 characters and beyond ASCII, a 255-character key, a 5000-character description:
    // the panel refused them (no reply) and the page waited with its buttons disabled.
    const name = `cc-${'ü'.repeat(OBJECT_LIMITS.name - 3)}`;
    const key = `user.${'k'.repeat(OBJECT_LIMITS.key - 5)}`;
    const device = `d${'é'.repeat(OBJECT_LIMITS.name - 1)}`;
    const description = 'd'.repeat(5000);
    await importProfile(t.catalog, local, `name: ${name}\ndescription: ${description}\nconfig:\n  ${key}: 1.10\ndevices:\n  ${device}:\n    type: disk\n    path: /x\n    source: /srv\n`);
    const p = await open(engineObjectId(local.id, name));
    assert.ok(p.snapshot(), 'the panel of the imported profile did not open');
    assert.deepEqual(p.snapshot().view.config, [{ key, value: '1.10' }]);
    const saved = await p.send({ type: 'setDescription', description: `${description}!` }, true);
    assert.equal(saved.ok, true, saved.message);
    assert.equal((await p.send({ type: 'unsetConfig', key }, true)).ok, true);
    assert.equal((await p.send({ type: 'removeDevice', device }, true)).ok, true);
    assert.deepEqual(await row(local, name), { name, description: `${description}!`, config: {}, devices: {} });
    // What the shared rules refuse gets an answer the page shows, never silence.
    const tooLong = await p.send({ type: 'setDescription', description: 'x'.repeat(OBJECT_LIMITS.value + 1) }, true);
    assert.equal(tooLong.ok, false);
    assert.match(tooLong.message ?? '', /description: longer than 65536 characters/);
    assert.equal((await row(local, name)).description, `${description}!`);
  });

  it('ProfileActions: Podman/Docker engines have no profiles; a profile gone from LXD is a clear engine error', async () => {
    const a = new ProfileActions(t.catalog, ctx);
    const podman: EngineRecord = { ...engine, kind: 'podman', name: 'some-podman' };
    await assert.rejects(a.setConfig(podman, 'x', 'user.a', '1'), /Podman has no profiles/);
    await assert.rejects(a.setConfig(engine, 'cc-no-such-profile', 'user.a', '1'), (e: Error & { kind?: string; status?: number }) => e.kind === 'api' && e.status === 404);
  });
});
