import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lxc, lxcQuery, lxdPeer, podman, podmanPeer, type LxdPeer, type PodmanPeer } from './enginePeers';
import { tryRun, uriFile } from './lxdPodmanFixture';

const CLI = resolve(__dirname, '../../../src/cli/main.js');

describe('CLI: containers launch from an image the engine holds (--image) and from a downloaded local image (--local-image) (real LXD and Podman peers)', function () {
  this.timeout(180_000);
  let dir: string;
  let file: string;
  let lxd: LxdPeer;
  let pod: PodmanPeer;
  let localId: string;
  const instances = ['cli-local-c1', 'cli-held-c1', 'cli-held-c2'];
  const containers = ['cli-local-p1', 'cli-held-p1'];
  // What the import names the plain debian 12 rootfs (defaultImportName from the row).
  const lxdAlias = 'debian-12';
  const podImage = 'localhost/debian:12';

  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, '--catalog', file, ...args], { encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const clean = (): void => {
    for (const n of instances) tryRun(() => lxc(lxd, ['delete', '-f', n]));
    tryRun(() => lxc(lxd, ['image', 'delete', lxdAlias]));
    for (const n of containers) tryRun(() => podman(pod, ['rm', '-f', n]));
    tryRun(() => podman(pod, ['rmi', '-f', podImage]));
  };

  before(() => {
    lxd = lxdPeer();
    pod = podmanPeer();
    clean();
    dir = mkdtempSync(join(tmpdir(), 'cc-cli-launch-held-'));
    file = join(dir, 'catalog.db');
    assert.equal(cli(['engines', 'add', 'lxd', lxd.socket, '--name', 'lxd']).code, 0);
    assert.equal(cli(['engines', 'add', 'podman', pod.socket, '--name', 'pod']).code, 0);
    const imported = cli(['--json', 'images', 'import', uriFile('plain-debian-12.rootfs.tar.xz')]);
    assert.equal(imported.code, 0, imported.stderr);
    localId = (JSON.parse(imported.stdout) as { localImageId: string }).localImageId;
  });
  after(() => {
    clean();
    rmSync(dir, { recursive: true, force: true });
  });

  it('usage errors name the problem: no source, two sources, a missing local image, options that belong to another source', () => {
    const none = cli(['containers', 'launch', 'lxd', '--name', 'x']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /give a source: .*--image ID\|TAG .*--local-image ID/);
    const two = cli(['containers', 'launch', 'lxd', 'some-source-id', '--image', 'abc', '--name', 'x']);
    assert.equal(two.code, 2);
    assert.match(two.stderr, /give one source, not a registry reference or image source id and --image/);
    assert.match(cli(['containers', 'launch', 'lxd', '--image', 'a', '--local-image', 'b', '--name', 'x']).stderr, /give one source, not --image and --local-image/);
    const gone = cli(['containers', 'launch', 'lxd', '--local-image', 'no-such-id', '--name', 'x']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /No local image no-such-id in the catalog \(see: images local\)/);
    assert.match(cli(['containers', 'launch', 'lxd', '--image', 'abc', '--name', 'x', '--server-cert', '/tmp/x.pem']).stderr, /--server-cert goes with an image source id/);
    assert.match(cli(['containers', 'launch', 'pod', '--local-image', localId, '--name', 'x', '--user', 'u', '--password-stdin']).stderr, /--user and --password-stdin go with a registry reference/);
    assert.match(cli(['containers', 'launch', 'pod', '--image', podImage, '--name', 'x', '--profile', 'default']).stderr, /--profile is for LXD engines; pod is podman/);
    assert.deepEqual(lxcQuery<string[]>(lxd, '/1.0/instances').filter((i) => i.endsWith('/x')), [], 'nothing was created');
  });

  it('LXD: --local-image imports the rootfs (alias from the row) and launches it; the instance holds that rootfs', () => {
    const r = cli(['--json', 'containers', 'launch', 'lxd', '--local-image', localId, '--name', 'cli-local-c1', '--no-start', '--profile', 'default']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { kind: string; name: string; started: boolean; imported: { name: string; id: string } };
    assert.deepEqual([out.kind, out.name, out.started, out.imported.name], ['local', 'cli-local-c1', false, lxdAlias]);
    const inst = lxcQuery<{ config: Record<string, string>; status: string }>(lxd, '/1.0/instances/cli-local-c1');
    assert.equal(inst.config['volatile.base_image'], out.imported.id);
    assert.equal(inst.status, 'Stopped');
    assert.equal(lxc(lxd, ['file', 'pull', 'cli-local-c1/etc/cc-image', '-']).trim(), 'plain');
  });

  it('LXD: --image takes the held image by alias or fingerprint prefix (as synced); one LXD does not hold is the engine\'s clear error', () => {
    const fingerprint = lxcQuery<{ target: string }>(lxd, `/1.0/images/aliases/${lxdAlias}`).target;
    assert.equal(cli(['engines', 'sync', 'lxd']).code, 0);
    const byAlias = cli(['containers', 'launch', 'lxd', '--image', lxdAlias, '--name', 'cli-held-c1', '--no-start']);
    assert.equal(byAlias.code, 0, byAlias.stderr);
    assert.match(byAlias.stdout, new RegExp(`^cli-held-c1 created on lxd from the image it holds \\(${fingerprint.slice(0, 12)}\\)`));
    const byPrefix = cli(['--json', 'containers', 'launch', 'lxd', '--image', fingerprint.slice(0, 12), '--name', 'cli-held-c2', '--no-start', '--config', 'user.note=held']);
    assert.equal(byPrefix.code, 0, byPrefix.stderr);
    assert.equal((JSON.parse(byPrefix.stdout) as { image: string }).image, fingerprint);
    for (const n of ['cli-held-c1', 'cli-held-c2']) assert.equal(lxcQuery<{ config: Record<string, string> }>(lxd, `/1.0/instances/${n}`).config['volatile.base_image'], fingerprint);
    assert.equal(lxcQuery<{ config: Record<string, string> }>(lxd, '/1.0/instances/cli-held-c2').config['user.note'], 'held');
    const missing = cli(['containers', 'launch', 'lxd', '--image', 'f'.repeat(64), '--name', 'cli-held-gone', '--no-start']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no longer holds the image ffffffffffff/);
  });

  it('Podman: --local-image imports and runs it (the container reads that rootfs); --image runs the held image by its tag with no pull', () => {
    const r = cli(['--json', 'containers', 'launch', 'pod', '--local-image', localId, '--name', 'cli-local-p1', '--', '/bin/busybox', 'sleep', '300']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { kind: string; started: boolean; imported: { name: string } };
    assert.deepEqual([out.kind, out.started, out.imported.name], ['local', true, 'debian:12']);
    assert.equal(podman(pod, ['exec', 'cli-local-p1', '/bin/cat', '/etc/cc-image']).trim(), 'plain');
    const id = podman(pod, ['image', 'inspect', '--format', '{{.Id}}', podImage]).trim().replace(/^sha256:/, '');
    const held = cli(['containers', 'launch', 'pod', '--image', podImage, '--name', 'cli-held-p1', '--env', 'A=1', '--', '/bin/busybox', 'sleep', '300']);
    assert.equal(held.code, 0, held.stderr);
    assert.match(held.stdout, /^cli-held-p1 running on pod from the image it holds/);
    const i = JSON.parse(podman(pod, ['container', 'inspect', 'cli-held-p1']))[0] as { Image: string; Config: { Env: string[] } };
    assert.equal(i.Image.replace(/^sha256:/, ''), id);
    assert.ok(i.Config.Env.includes('A=1'));
  });
});
