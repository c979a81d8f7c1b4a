import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ContainerTreeModel } from '../../../src/providers/containers/containerTreeModel';
import type { ContainerTreeNode } from '../../../src/providers/containers/containerTreeNodes';
import { addEngine } from '../../../src/containers/engineRegistry';
import { syncEngine } from '../../../src/containers/syncEngine';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { lxcQuery, lxdPeer, podmanPeer, testEngineContext } from './enginePeers';

type Node<T extends ContainerTreeNode['type']> = Extract<ContainerTreeNode, { type: T }>;

describe('Containers view model (real LXD and Podman)', function () {
  let t: TempCatalog;
  let model: ContainerTreeModel;
  const ctx = testEngineContext();

  before(async () => {
    const lxd = lxdPeer();
    const pod = podmanPeer();
    t = await openTempCatalog();
    await syncEngine(t.catalog, await addEngine(t.catalog, { kind: 'lxd', endpoint: lxd.socket, name: 'lxd' }), ctx);
    await syncEngine(t.catalog, await addEngine(t.catalog, { kind: 'podman', endpoint: pod.socket, name: 'podman' }), ctx);
    await addEngine(t.catalog, { kind: 'lxd', endpoint: join(t.dir, 'gone.socket'), name: 'lxd-down' });
    model = new ContainerTreeModel(async () => t.catalog, ctx);
  });
  after(async () => t?.dispose());

  const child = async <T extends ContainerTreeNode['type']>(parent: ContainerTreeNode | undefined, type: T, label: (n: Node<T>) => string, name: string): Promise<Node<T>> => {
    const kids = await model.children(parent);
    const found = kids.find((k) => k.type === type && label(k as Node<T>) === name);
    assert.ok(found, `no ${type} ${name} under ${parent?.id ?? 'root'}: ${kids.map((k) => k.id).join(', ')}`);
    return found as Node<T>;
  };

  it('lists engines (the empty local catalog hidden), with their state', async () => {
    const roots = await model.children();
    assert.deepEqual(roots.map((r) => r.id), ['engine/lxd', 'engine/podman', 'engine/lxd-down']);
    const [lxd, , down] = roots as Node<'engine'>[];
    assert.match(lxd.status.label, /^synced/);
    assert.equal(down.status.health, 'unreachable');
    assert.equal(down.status.label, 'engine unreachable · never synced');
  });

  it('shows containers with live state (status, IPv4) and the groups of an LXD engine', async () => {
    const peer = lxdPeer();
    const engine = await child(undefined, 'engine', (n) => n.engine.name, 'lxd');
    const kids = await model.children(engine);
    const running = kids.find((k) => k.type === 'container' && k.name === peer.running) as Node<'container'>;
    const state = lxcQuery<{ network: Record<string, { addresses: { family: string; address: string; scope: string }[] }> }>(peer, `/1.0/instances/${peer.running}/state`);
    const ipv4 = Object.entries(state.network).filter(([n]) => n !== 'lo').flatMap(([, v]) => v.addresses).filter((a) => a.family === 'inet' && a.scope === 'global').map((a) => a.address);
    assert.equal(running.live?.status, 'Running');
    assert.deepEqual(running.live?.ipv4, ipv4);
    const plain = kids.find((k) => k.type === 'container' && k.name === 'ct-plain') as Node<'container'>;
    assert.equal(plain.live?.running, false);
    assert.deepEqual(
      kids.filter((k) => k.type === 'group').map((g) => `${(g as Node<'group'>).group}:${(g as Node<'group'>).count}`),
      // LXD's trusted certificates and server config (secret-free keys) follow its objects.
      ['profiles:3', 'networks:1', 'storage:1', `images:1`, `certificates:${lxcQuery<string[]>(peer, '/1.0/certificates').length}`, `config:${Object.keys(lxcQuery<{ config: Record<string, string> }>(peer, '/1.0').config).length}`],
    );
  });

  it('opens a container into Config / Devices / Profiles (in order) / Snapshots with origins', async () => {
    const engine = await child(undefined, 'engine', (n) => n.engine.name, 'lxd');
    const c = await child(engine, 'container', (n) => n.name, 'ct-layered');
    const sections = await model.children(c);
    assert.deepEqual(sections.map((s) => (s as Node<'section'>).section), ['config', 'devices', 'profiles', 'snapshots']);
    const profiles = await model.children(sections[2]);
    assert.deepEqual(profiles.map((p) => (p as Node<'profileRef'>).profile), ['default', 'limits', 'web']);
    const snaps = await model.children(sections[3]);
    assert.deepEqual(snaps.map((s) => (s as Node<'snapshot'>).snapshot), ['snap0', 'snap1']);
    const config = (await model.children(sections[0])) as Node<'configKey'>[];
    const mem = config.find((k) => k.key === 'limits.memory')!;
    assert.deepEqual([mem.value, mem.origin, mem.local], ['256MB', 'profile web', false]);
    const devices = (await model.children(sections[1])) as Node<'device'>[];
    assert.deepEqual(devices.map((d) => `${d.name}:${d.origin}`), ['data:container', 'eth0:profile web', 'root:profile default']);
  });

  it('lists a podman engine without profiles, and its network/volume groups', async () => {
    const engine = await child(undefined, 'engine', (n) => n.engine.name, 'podman');
    const kids = await model.children(engine);
    const groups = kids.filter((k) => k.type === 'group').map((g) => (g as Node<'group'>).group);
    assert.deepEqual(groups, ['networks', 'storage', 'images']);
    const web = kids.find((k) => k.type === 'container' && k.name === 'pd-web') as Node<'container'>;
    assert.equal(web.live?.running, true);
    const sections = await model.children(web);
    assert.deepEqual(sections.map((s) => (s.type === 'section' ? s.section : s.type)), ['config', 'devices', 'file']);
    // A running container's Files: one level at a time, folders first, each asked from the engine when expanded.
    const files = sections[2] as Node<'file'>;
    assert.deepEqual([files.root, files.path, files.id], [true, '/', `${web.id}/files`]);
    const top = (await model.children(files)) as Node<'file'>[];
    const etc = top.find((f) => f.path === '/etc')!;
    assert.deepEqual([etc.fileType, etc.id], ['directory', `${web.id}/files/etc`]);
    assert.ok(top.findIndex((f) => f.fileType !== 'directory') === -1 || top.findIndex((f) => f.fileType !== 'directory') > top.indexOf(etc), 'folders first');
    const inEtc = (await model.children(etc)) as Node<'file'>[];
    assert.ok(inEtc.some((f) => f.path === '/etc/hostname' && f.fileType === 'file' && !f.root), JSON.stringify(inEtc.slice(0, 5)));
    const stopped = kids.find((k) => k.type === 'container' && k.live?.running === false);
    assert.ok(stopped, 'the peer has a stopped container');
    assert.ok(!(await model.children(stopped)).some((k) => k.type === 'file'), 'no Files under a stopped container');
    const storage = kids.find((k) => k.type === 'group' && k.group === 'storage')!;
    const [pool] = await model.children(storage);
    const vols = await model.children(pool);
    assert.ok(vols.some((v) => v.type === 'volume' && v.name === podmanPeer().volume));
    // Its images are leaves: LXD's stored aliases, source and properties have no Podman counterpart.
    const images = await model.children(kids.find((k) => k.type === 'group' && k.group === 'images')!);
    assert.ok(images.length > 0 && images.every((i) => i.type === 'image' && i.kind === 'podman'), JSON.stringify(images));
    assert.deepEqual(await model.children(images[0]), []);
  });

  it('an unreachable engine becomes an error node, never an exception', async () => {
    const engine = await child(undefined, 'engine', (n) => n.engine.name, 'lxd-down');
    const kids = await model.children(engine);
    // Never synced and not answering: one line with the reason, no second message and no empty groups.
    assert.equal(kids.length, 1, JSON.stringify(kids));
    assert.equal(kids[0].type, 'message');
    assert.match((kids[0] as Node<'message'>).message, /^Cannot reach .*gone\.socket \(ENOENT\)\.$/);
    assert.match((kids[0] as Node<'message'>).detail ?? '', /Not synced yet/);
  });

  it('through the view query: filters and sorts an engine\'s containers; grouped by state, the groups hold every engine\'s', async () => {
    const lxd = await child(undefined, 'engine', (n) => n.engine.name, 'lxd');
    try {
      model.query = { fields: { state: 'Running' } };
      const running = (await model.children(lxd)).filter((k): k is Node<'container'> => k.type === 'container');
      assert.deepEqual(running.map((c) => c.name), ['ct-web']);
      model.query = { sort: 'state' };
      const byState = (await model.children(lxd)).filter((k): k is Node<'container'> => k.type === 'container');
      assert.equal(byState[0].name, 'ct-web', 'running first');
      model.query = { group: 'state' };
      const roots = await model.children();
      const groups = roots.filter((r): r is Node<'viewGroup'> => r.type === 'viewGroup');
      assert.deepEqual(groups.map((g) => g.id), groups.map((g) => `view/state/${g.name}`));
      const runningGroup = groups.find((g) => g.name === 'Running');
      assert.ok(runningGroup, JSON.stringify(groups.map((g) => g.name)));
      assert.ok(runningGroup.containers.some((c) => c.engine === 'lxd' && c.name === 'ct-web'), 'LXD\'s running container');
      assert.ok(runningGroup.containers.some((c) => c.engine === 'podman'), 'and Podman\'s');
      // Engines stay at the top level below the groups (the unreachable one too).
      assert.ok(roots.some((r) => r.id === 'engine/lxd-down'));
      // The engines keep their other groups, without the containers now shown in the groups.
      assert.ok(!(await model.children(lxd)).some((k) => k.type === 'container'));
      assert.deepEqual(await model.children(runningGroup), runningGroup.containers);
    } finally {
      model.query = {};
    }
  });
});
