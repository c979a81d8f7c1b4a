import * as assert from 'node:assert/strict';
import { isEngineError } from '../../../src/containers/engineError';
import { launchFromImageSource } from '../../../src/containers/launchFromImageSource';
import { launchLocalImage } from '../../../src/containers/launchLocalImage';
import { runRegistryImage } from '../../../src/containers/runRegistryImage';
import { syncEngine } from '../../../src/containers/syncEngine';
import { imagesFolderFor } from '../../../src/images/imagesFolder';
import { importTarball } from '../../../src/images/importTarball';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { docker, dockerPeer, lxc, lxcQuery, podman, testEngineContext, type EngineApiPeer } from './enginePeers';
import { lxdPodmanFixture, quiet, tryRun, uriFile, type LxdPodmanFixture } from './lxdPodmanFixture';

describe('launch from an image the engine holds and from a downloaded local image (LXD and Podman peers)', function () {
  this.timeout(180_000);
  let plain: string;
  let unified: string;
  const instances = ['held-c1', 'local-c1', 'local-c2', 'local-bad'];
  const containers = ['held-p1', 'local-p1', 'local-p2'];
  // What launchLocalImage imports the plain rootfs as (defaultImportName from the row).
  const lxdAlias = 'debian-12';
  const podImage = 'localhost/debian:12';

  const clean = ({ lxd: l, pod: p }: LxdPodmanFixture): void => {
    for (const n of instances) tryRun(() => lxc(l, ['delete', '-f', n]));
    tryRun(() => lxc(l, ['image', 'delete', lxdAlias]));
    for (const n of containers) tryRun(() => podman(p, ['rm', '-f', n]));
    tryRun(() => podman(p, ['rmi', '-f', podImage]));
  };
  const f = lxdPodmanFixture('cc-launch-held-', { lxd: 'lxd', podman: 'podman' }, clean);
  const lxdNames = (): string[] => lxcQuery<{ name: string }[]>(f.lxd, '/1.0/instances?recursion=1').map((i) => i.name);
  const podNames = (): string[] => podman(f.pod, ['ps', '-a', '--format', '{{.Names}}']).split('\n').filter(Boolean);

  before(async () => {
    const images = imagesFolderFor(f.t.catalog.file);
    plain = (await importTarball(f.t.catalog, images, uriFile('plain-debian-12.rootfs.tar.xz'))).localImage.id;
    unified = (await importTarball(f.t.catalog, images, uriFile('debian-bookworm-amd64.tar.xz'))).localImage.id;
  });

  it('LXD: a local image is imported (split image, alias from the row) and launched from it; the instance holds that rootfs and the catalog has both', async () => {
    const steps: string[] = [];
    const r = await launchLocalImage(f.t.catalog, f.lxdEngine, f.ctx, plain, { name: 'local-c1', profiles: ['default'], start: false }, { onProgress: (s) => steps.push(s) });
    assert.equal(r.name, 'local-c1');
    assert.equal(r.imported.name, lxdAlias);
    assert.match(steps[0], /Importing .* into lxd as debian-12/);
    const inst = lxcQuery<{ config: Record<string, string>; status: string }>(f.lxd, '/1.0/instances/local-c1');
    assert.equal(inst.config['volatile.base_image'], r.imported.id, 'made from the imported image');
    assert.equal(inst.status, 'Stopped');
    assert.equal(lxc(f.lxd, ['file', 'pull', 'local-c1/etc/cc-image', '-']).trim(), 'plain');
    const rows = await f.t.catalog.read((em) => em.query('SELECT name FROM containers WHERE engine_id = ?', [f.lxdEngine.id])) as { name: string }[];
    assert.ok(rows.some((c) => c.name === 'local-c1'), 'the catalog row appears without a manual sync');
  });

  it('LXD: an image the engine holds launches by fingerprint (no server), with the profiles given', async () => {
    const fingerprint = lxcQuery<{ target: string }>(f.lxd, `/1.0/images/aliases/${lxdAlias}`).target;
    const r = await launchFromImageSource(f.t.catalog, f.lxdEngine, f.ctx, { fingerprint }, { name: 'held-c1', profiles: ['default'], start: false });
    assert.deepEqual([r.image, r.server], [fingerprint, '']);
    const inst = lxcQuery<{ config: Record<string, string>; profiles: string[] }>(f.lxd, '/1.0/instances/held-c1');
    assert.equal(inst.config['volatile.base_image'], fingerprint);
    assert.deepEqual(inst.profiles, ['default']);
  });

  it('LXD: an image the engine no longer holds, and a refused create after an import, are clear errors; no instance is left, the imported image stays (and is said to)', async () => {
    const before = lxdNames();
    await assert.rejects(
      launchFromImageSource(f.t.catalog, f.lxdEngine, f.ctx, { fingerprint: 'f'.repeat(64) }, { name: 'held-gone', start: false }),
      (e: Error) => isEngineError(e, 'api') && /no longer holds the image ffffffffffff/.test(e.message),
    );
    // A profile LXD does not have: the create is refused after the import.
    await assert.rejects(
      launchLocalImage(f.t.catalog, f.lxdEngine, f.ctx, plain, { name: 'local-bad', profiles: ['no-such-profile'], start: false }),
      (e: Error) => /no-such-profile|profile/i.test(e.message) && /The imported image debian-12 stays in lxd\./.test(e.message),
    );
    assert.deepEqual(lxdNames(), before, 'no half-made instance');
    assert.ok(lxcQuery<{ target: string }>(f.lxd, `/1.0/images/aliases/${lxdAlias}`).target, 'the imported image is kept');
  });

  it('LXD: cancelled before the create, nothing is created', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(launchLocalImage(f.t.catalog, f.lxdEngine, f.ctx, plain, { name: 'local-c2', start: false }, { signal: ac.signal }), (e: Error) => isEngineError(e, 'cancelled'));
    assert.ok(!lxdNames().includes('local-c2'));
  });

  it('Podman: a local image is imported (tagged from the row) and run; the container reads that rootfs', async () => {
    const r = await launchLocalImage(f.t.catalog, f.podEngine, f.ctx, plain, { name: 'local-p1', command: ['/bin/busybox', 'sleep', '300'] });
    assert.equal(r.imported.name, 'debian:12');
    assert.equal(r.started, true);
    const i = JSON.parse(podman(f.pod, ['container', 'inspect', 'local-p1']))[0] as { ImageName: string; State: { Running: boolean } };
    assert.equal(i.ImageName, podImage);
    assert.equal(i.State.Running, true);
    assert.equal(podman(f.pod, ['exec', 'local-p1', '/bin/cat', '/etc/cc-image']).trim(), 'plain');
  });

  it('Podman: an image the engine holds runs by id with no pull; a gone image and a refused create leave no container, the image stays', async () => {
    // The catalog keeps the id without "sha256:", as the Images row passes it.
    const id = podman(f.pod, ['image', 'inspect', '--format', '{{.Id}}', podImage]).trim().replace(/^sha256:/, '');
    const r = await runRegistryImage(f.t.catalog, f.podEngine, f.ctx, { held: id }, { name: 'held-p1', command: ['/bin/busybox', 'sleep', '300'], env: ['A=1'] });
    assert.equal(r.image, `sha256:${id}`);
    const i = JSON.parse(podman(f.pod, ['container', 'inspect', 'held-p1']))[0] as { Image: string; Config: { Env: string[] } };
    assert.equal(i.Image.replace(/^sha256:/, ''), id);
    assert.ok(i.Config.Env.includes('A=1'));
    const before = podNames();
    await assert.rejects(runRegistryImage(f.t.catalog, f.podEngine, f.ctx, { held: 'e'.repeat(64) }, { name: 'held-p2' }), (e: Error) => isEngineError(e, 'api') && /no longer holds the image/.test(e.message));
    // The same name again: the engine refuses the create; the held image is not removed with it.
    await assert.rejects(runRegistryImage(f.t.catalog, f.podEngine, f.ctx, { held: id }, { name: 'held-p1', command: ['/bin/busybox', 'true'] }), /already in use|exists/i);
    await assert.rejects(launchLocalImage(f.t.catalog, f.podEngine, f.ctx, plain, { name: 'held-p1', command: ['/bin/busybox', 'true'] }), (e: Error) => /The imported image debian:12 stays in podman\./.test(e.message));
    assert.deepEqual(podNames().sort(), before.sort());
    assert.equal(podman(f.pod, ['image', 'exists', podImage]), '');
    await syncEngine(f.t.catalog, f.podEngine, f.ctx);
  });

  it('Podman refuses an LXD tarball before anything is imported or created', async () => {
    const before = podNames();
    await assert.rejects(launchLocalImage(f.t.catalog, f.podEngine, f.ctx, unified, { name: 'local-p2' }), /is an LXD image/);
    assert.deepEqual(podNames(), before);
  });
});

describe('launch a downloaded local image and an image Docker holds (Docker peer)', function () {
  this.timeout(180_000);
  const names = ['dlocal-d1', 'dheld-d1'];
  const clean = (peer: EngineApiPeer): void => {
    for (const n of names) tryRun(() => docker(peer, ['rm', '-f', n]));
    tryRun(() => docker(peer, ['rmi', '-f', 'debian:12']));
  };
  let peer: EngineApiPeer;
  let t: TempCatalog;
  let engine: EngineRecord;
  before(async () => {
    peer = dockerPeer();
    clean(peer);
    t = await openTempCatalog();
    engine = await addEngine(t.catalog, { kind: 'docker', endpoint: peer.socket, name: 'docker' });
  });
  after(async () => {
    await t?.dispose();
    if (peer) clean(peer);
  });

  it('imported (tagged debian:12 from the row) and run; then run again from the image Docker holds, by its id', async () => {
    const ctx = { ...testEngineContext(), logger: quiet };
    const plain = (await importTarball(t.catalog, imagesFolderFor(t.catalog.file), uriFile('plain-debian-12.rootfs.tar.xz'))).localImage.id;
    const r = await launchLocalImage(t.catalog, engine, ctx, plain, { name: 'dlocal-d1', network: peer.network, command: ['/bin/busybox', 'sleep', '300'] });
    assert.equal(r.imported.name, 'debian:12');
    assert.equal(docker(peer, ['exec', 'dlocal-d1', '/bin/cat', '/etc/cc-image']).trim(), 'plain');
    const id = docker(peer, ['image', 'inspect', '--format', '{{.Id}}', 'debian:12']).trim();
    await runRegistryImage(t.catalog, engine, ctx, { held: id.replace(/^sha256:/, '') }, { name: 'dheld-d1', network: peer.network, command: ['/bin/busybox', 'sleep', '300'] });
    assert.equal(docker(peer, ['container', 'inspect', '--format', '{{.Image}}', 'dheld-d1']).trim(), id);
  });
});
