import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listContainers } from '../../../src/containers/catalogReads';
import type { EngineContext } from '../../../src/containers/engineConnection';
import { isEngineError } from '../../../src/containers/engineError';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { copyInstance, publishInstance, renameInstance } from '../../../src/containers/lxdInstanceOps';
import { createEngineObject, deleteEngineObject, usersOf } from '../../../src/containers/manageEngineObjects';
import { syncEngine } from '../../../src/containers/syncEngine';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { lxc, lxcQuery, lxdPeer, podman, podmanPeer, type LxdPeer, type PodmanPeer } from './enginePeers';

const CLI = resolve(__dirname, '../../../src/cli/main.js');
const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('manage what engines hold: networks, volumes, profiles; LXD publish, copy, rename (real LXD and Podman peers)', function () {
  this.timeout(180_000);
  let lxd: LxdPeer;
  let pod: PodmanPeer;
  let dir: string;
  let t: TempCatalog;
  let ctx: EngineContext;
  let lx: EngineRecord;
  let pm: EngineRecord;
  const quietly = (f: () => unknown): void => {
    try {
      f();
    } catch {
      // not there
    }
  };
  const clean = (): void => {
    for (const n of ['mg-copy', 'mg-renamed', 'mg-cli-copy', 'mg-cli-renamed']) quietly(() => lxc(lxd, ['delete', '-f', n]));
    quietly(() => lxc(lxd, ['image', 'delete', 'mg-published']));
    quietly(() => lxc(lxd, ['network', 'delete', 'mgnet0']));
    quietly(() => lxc(lxd, ['storage', 'volume', 'delete', lxd.pool, 'mg-vol']));
    quietly(() => lxc(lxd, ['profile', 'delete', 'mg-prof']));
    quietly(() => podman(pod, ['network', 'rm', 'mg-net']));
    quietly(() => podman(pod, ['volume', 'rm', 'mg-vol']));
    quietly(() => podman(pod, ['volume', 'rm', 'mg-cli-vol']));
  };
  const exists = (path: string): boolean => {
    try {
      lxcQuery(lxd, path);
      return true;
    } catch {
      return false;
    }
  };

  before(async () => {
    lxd = lxdPeer();
    pod = podmanPeer();
    clean();
    dir = mkdtempSync(join(tmpdir(), 'cc-manage-'));
    t = await openTempCatalog({ file: join(dir, 'catalog.db') });
    ctx = { certDir: join(dir, 'certs'), logger: quiet };
    lx = await addEngine(t.catalog, { kind: 'lxd', endpoint: lxd.socket, name: 'lxd' });
    pm = await addEngine(t.catalog, { kind: 'podman', endpoint: pod.socket, name: 'podman' });
    await syncEngine(t.catalog, lx, ctx);
    await syncEngine(t.catalog, pm, ctx);
  });
  after(async () => {
    await t?.dispose();
    if (lxd && pod) clean();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('LXD: creates and deletes a network, a custom volume and a profile', async () => {
    await createEngineObject(t.catalog, lx, ctx, { kind: 'network', name: 'mgnet0', config: { 'ipv4.address': 'none', 'ipv6.address': 'none' } });
    await createEngineObject(t.catalog, lx, ctx, { kind: 'volume', name: 'mg-vol', pool: lxd.pool, config: {} });
    await createEngineObject(t.catalog, lx, ctx, { kind: 'profile', name: 'mg-prof', description: 'made by a test', config: { 'limits.cpu': '1' } });
    assert.ok(exists('/1.0/networks/mgnet0'));
    assert.ok(exists(`/1.0/storage-pools/${lxd.pool}/volumes/custom/mg-vol`));
    assert.equal(lxcQuery<{ config: Record<string, string> }>(lxd, '/1.0/profiles/mg-prof').config['limits.cpu'], '1');
    for (const kind of ['network', 'volume', 'profile'] as const) {
      await deleteEngineObject(t.catalog, lx, ctx, { kind, name: kind === 'network' ? 'mgnet0' : kind === 'volume' ? 'mg-vol' : 'mg-prof', pool: lxd.pool });
    }
    assert.ok(!exists('/1.0/networks/mgnet0'));
    assert.ok(!exists(`/1.0/storage-pools/${lxd.pool}/volumes/custom/mg-vol`));
    assert.ok(!exists('/1.0/profiles/mg-prof'));
  });

  it('LXD: a delete of a network or profile in use is refused naming the users (the used-by answer); nothing is deleted', async () => {
    const users = await usersOf(t.catalog, lx, { kind: 'network', name: lxd.bridge });
    assert.ok(users.length > 0, 'the peer bridge is used');
    await assert.rejects(deleteEngineObject(t.catalog, lx, ctx, { kind: 'network', name: lxd.bridge }), (e: Error) => isEngineError(e, 'api') && e.message.includes(users[0].name));
    await assert.rejects(deleteEngineObject(t.catalog, lx, ctx, { kind: 'profile', name: 'web' }), /is used by/);
    assert.ok(exists(`/1.0/networks/${lxd.bridge}`));
    assert.ok(exists('/1.0/profiles/web'));
  });

  it('LXD: a bad name and a profile on Podman are refused before the engine is asked', async () => {
    await assert.rejects(createEngineObject(t.catalog, lx, ctx, { kind: 'network', name: 'has space' }), /spaces or slashes/);
    await assert.rejects(createEngineObject(t.catalog, pm, ctx, { kind: 'profile', name: 'p' }), /profiles are LXD's/);
    await assert.rejects(createEngineObject(t.catalog, lx, ctx, { kind: 'profile', name: 'default' }), (e: Error) => isEngineError(e, 'api') && /LXD: /.test(e.message));
  });

  it('LXD: publishes a stopped container as an image with an alias; copies it; renames the copy; the catalog follows', async () => {
    // ct-plain: stopped, its root disk from the default profile (a copy needs one).
    const stopped = 'ct-plain';
    assert.ok(lxd.containers.includes(stopped) && lxd.running !== stopped);
    const fingerprint = await publishInstance(t.catalog, lx, ctx, { instance: stopped, alias: 'mg-published' });
    assert.equal(lxcQuery<{ target: string }>(lxd, '/1.0/images/aliases/mg-published').target, fingerprint);
    await assert.rejects(publishInstance(t.catalog, lx, ctx, { instance: stopped, alias: 'mg-published' }), /already has an image alias/);
    await copyInstance(t.catalog, lx, ctx, { source: stopped, target: 'mg-copy' });
    assert.ok(exists('/1.0/instances/mg-copy'));
    await renameInstance(t.catalog, lx, ctx, { name: 'mg-copy', newName: 'mg-renamed' });
    assert.ok(!exists('/1.0/instances/mg-copy'));
    assert.ok(exists('/1.0/instances/mg-renamed'));
    const names = (await t.catalog.read((em) => listContainers(em, lx.id))).map((c) => c.name);
    assert.ok(names.includes('mg-renamed') && !names.includes('mg-copy'), names.join(', '));
    await assert.rejects(renameInstance(t.catalog, lx, ctx, { name: 'mg-renamed', newName: 'bad_name' }), /instance name/);
  });

  it('Podman: creates and deletes a network and a volume; the peer\'s volume in use is refused', async () => {
    await createEngineObject(t.catalog, pm, ctx, { kind: 'network', name: 'mg-net', description: 'test' });
    await createEngineObject(t.catalog, pm, ctx, { kind: 'volume', name: 'mg-vol' });
    assert.match(podman(pod, ['network', 'ls', '--format', '{{.Name}}']), /^mg-net$/m);
    assert.match(podman(pod, ['volume', 'ls', '--format', '{{.Name}}']), /^mg-vol$/m);
    await deleteEngineObject(t.catalog, pm, ctx, { kind: 'network', name: 'mg-net' });
    await deleteEngineObject(t.catalog, pm, ctx, { kind: 'volume', name: 'mg-vol' });
    assert.doesNotMatch(podman(pod, ['network', 'ls', '--format', '{{.Name}}']), /^mg-net$/m);
    assert.doesNotMatch(podman(pod, ['volume', 'ls', '--format', '{{.Name}}']), /^mg-vol$/m);
    const volume = process.env.CC_PODMAN_VOLUME ?? 'cc-test-data';
    const users = await usersOf(t.catalog, pm, { kind: 'volume', name: volume });
    assert.ok(users.length > 0, `the peer's volume ${volume} is used by a container`);
    await assert.rejects(deleteEngineObject(t.catalog, pm, ctx, { kind: 'volume', name: volume }), /is used by/);
    assert.match(podman(pod, ['volume', 'ls', '--format', '{{.Name}}']), new RegExp(`^${volume}$`, 'm'));
  });

  it('CLI: objects create|delete, containers copy|rename; a used volume is refused with exit code 1', () => {
    const cli = (args: string[]) => spawnSync(process.execPath, [CLI, '--catalog', t.catalog.file, '--json', ...args], { encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    let r = cli(['objects', 'create', 'podman', 'volume', 'mg-cli-vol']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { engine: 'podman', kind: 'volume', name: 'mg-cli-vol' });
    assert.match(podman(pod, ['volume', 'ls', '--format', '{{.Name}}']), /^mg-cli-vol$/m);
    r = cli(['objects', 'delete', 'podman', 'volume', 'mg-cli-vol']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(podman(pod, ['volume', 'ls', '--format', '{{.Name}}']), /^mg-cli-vol$/m);
    r = cli(['objects', 'delete', 'podman', 'volume', process.env.CC_PODMAN_VOLUME ?? 'cc-test-data']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is used by/);
    r = cli(['objects', 'create', 'podman', 'gadget', 'x']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /one of network, volume, profile/);
    assert.equal(cli(['containers', 'copy', 'lxd', 'ct-plain', 'mg-cli-copy']).status, 0);
    r = cli(['containers', 'rename', 'lxd', 'mg-cli-copy', 'mg-cli-renamed']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(exists('/1.0/instances/mg-cli-renamed') && !exists('/1.0/instances/mg-cli-copy'));
  });
});
