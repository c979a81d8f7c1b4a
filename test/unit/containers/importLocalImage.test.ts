import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EngineContext } from '../../../src/containers/engineConnection';
import { isEngineError } from '../../../src/containers/engineError';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { defaultImportName, importLocalImage } from '../../../src/containers/importLocalImage';
import { imagesFolderFor } from '../../../src/images/imagesFolder';
import { importTarball } from '../../../src/images/importTarball';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import type { ImportMemoryReport } from './children/importMemory';
import { uriFile } from './lxdPodmanFixture';
import { docker, dockerPeer, lxc, lxcQuery, lxdPeer, podman, podmanPeer, type LxdPeer, type PodmanPeer } from './enginePeers';

const CLI = resolve(__dirname, '../../../src/cli/main.js');
const IMPORT_CHILD = resolve(__dirname, 'children/importMemory.js');
const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('import a downloaded local image into LXD, Podman and Docker (real peers)', function () {
  this.timeout(180_000);
  let lxd: LxdPeer;
  let pod: PodmanPeer;
  let dir: string;
  let t: TempCatalog;
  let ctx: EngineContext;
  let lxdEngine: EngineRecord;
  let podEngine: EngineRecord;
  let plain: string;
  let unified: string;
  const aliases = ['imp-debian-12', 'imp-unified'];
  const instances = ['imp-c1', 'imp-c2'];
  const podImages = ['localhost/imp/debian:12', 'localhost/debian:12'];

  const images = (): { fingerprint: string; aliases: { name: string }[] }[] => lxcQuery(lxd, '/1.0/images?recursion=1');
  const tryPodman = (args: string[]): string | undefined => {
    try {
      return podman(pod, args);
    } catch {
      return undefined;
    }
  };
  const clean = (): void => {
    for (const n of instances) {
      try {
        lxc(lxd, ['delete', '-f', n]);
      } catch {
        // not there
      }
    }
    for (const img of images()) if (img.aliases.some((a) => aliases.includes(a.name))) lxc(lxd, ['image', 'delete', img.fingerprint]);
    for (const i of podImages) tryPodman(['rmi', '-f', i]);
  };

  before(async () => {
    lxd = lxdPeer();
    pod = podmanPeer();
    clean();
    dir = mkdtempSync(join(tmpdir(), 'cc-import-local-'));
    t = await openTempCatalog({ file: join(dir, 'catalog.db') });
    ctx = { certDir: join(dir, 'certs'), logger: quiet };
    const images = imagesFolderFor(t.catalog.file);
    plain = (await importTarball(t.catalog, images, uriFile('plain-debian-12.rootfs.tar.xz'))).localImage.id;
    unified = (await importTarball(t.catalog, images, uriFile('debian-bookworm-amd64.tar.xz'))).localImage.id;
    lxdEngine = await addEngine(t.catalog, { kind: 'lxd', endpoint: lxd.socket, name: 'lxd' });
    podEngine = await addEngine(t.catalog, { kind: 'podman', endpoint: pod.socket, name: 'podman' });
  });
  after(async () => {
    await t?.dispose();
    if (lxd && pod) clean();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names an import from the row: an LXD alias debian-12, a tag debian:12', () => {
    assert.equal(defaultImportName('lxd', { distribution: 'Debian', release: '12', name: 'x' }), 'debian-12');
    assert.equal(defaultImportName('podman', { distribution: 'debian', release: '12', name: 'x' }), 'debian:12');
    assert.equal(defaultImportName('docker', { distribution: null, release: null, name: 'My Root.tar.xz' }), 'my-root:latest');
  });

  it('a plain rootfs becomes a split LXD image with generated metadata and the alias; an instance made from it holds that rootfs', async () => {
    const r = await importLocalImage(t.catalog, lxdEngine, ctx, plain, 'imp-debian-12');
    assert.equal(r.existed, false);
    assert.match(r.id, /^[0-9a-f]{64}$/);
    const img = lxcQuery<{ properties: Record<string, string>; architecture: string; aliases: { name: string }[] }>(lxd, `/1.0/images/${r.id}`);
    assert.deepEqual(img.aliases.map((a) => a.name), ['imp-debian-12']);
    assert.equal(img.properties.os, 'debian');
    assert.equal(img.properties.release, '12');
    lxc(lxd, ['init', 'imp-debian-12', 'imp-c1']);
    // The marker the peer wrote into this rootfs only: the instance was made from the imported file.
    assert.equal(lxc(lxd, ['file', 'pull', 'imp-c1/etc/cc-image', '-']).trim(), 'plain');
  });

  it('the same file again: LXD already holds that image (same fingerprint), nothing is uploaded twice', async () => {
    const before = images().length;
    const r = await importLocalImage(t.catalog, lxdEngine, ctx, plain, 'imp-debian-12');
    assert.equal(r.existed, true);
    assert.equal(images().length, before);
  });

  it('an LXD tarball (metadata.yaml + rootfs/) is imported as it is', async () => {
    const r = await importLocalImage(t.catalog, lxdEngine, ctx, unified, 'imp-unified');
    const img = lxcQuery<{ properties: Record<string, string> }>(lxd, `/1.0/images/${r.id}`);
    assert.equal(img.properties.serial, '20260102_0312', 'the metadata.yaml of the tarball, not a generated one');
    lxc(lxd, ['init', 'imp-unified', 'imp-c2']);
    assert.equal(lxc(lxd, ['file', 'pull', 'imp-c2/etc/cc-image', '-']).trim(), 'unified:debian-bookworm-amd64');
  });

  it('an alias LXD already has for another image, and a bad alias, are refused before any upload', async () => {
    const before = images().map((i) => i.fingerprint).sort();
    await assert.rejects(importLocalImage(t.catalog, lxdEngine, ctx, plain, lxd.imageAlias), (e: Error) => isEngineError(e, 'api') && /already has an image alias/.test(e.message));
    await assert.rejects(importLocalImage(t.catalog, lxdEngine, ctx, plain, 'bad/alias'), (e: Error) => isEngineError(e, 'api') && /alias is letters/.test(e.message));
    assert.deepEqual(images().map((i) => i.fingerprint).sort(), before);
  });

  it('into Podman as an image tagged from the row; a container of it reads the rootfs', async () => {
    const r = await importLocalImage(t.catalog, podEngine, ctx, plain, 'imp/debian:12');
    assert.equal(r.name, 'imp/debian:12');
    assert.match(r.id, /^(sha256:)?[0-9a-f]{64}$/);
    assert.equal(podman(pod, ['run', '--rm', 'localhost/imp/debian:12', '/bin/cat', '/etc/cc-image']).trim(), 'plain');
  });

  it('Podman refuses an LXD tarball and a name that is not a reference; nothing is added', async () => {
    const before = podman(pod, ['images', '-q']).trim();
    await assert.rejects(importLocalImage(t.catalog, podEngine, ctx, unified, 'imp/unified:1'), /is an LXD image/);
    await assert.rejects(importLocalImage(t.catalog, podEngine, ctx, plain, 'Imp/Debian:12'), /lower-case/);
    await assert.rejects(importLocalImage(t.catalog, podEngine, ctx, '00000000-0000-7000-8000-000000000000', 'imp/x:1'), /No local image/);
    assert.equal(podman(pod, ['images', '-q']).trim(), before);
  });

  it('CLI images import-to: the tag from the row by default, --json', () => {
    const r = spawnSync(process.execPath, [CLI, '--catalog', t.catalog.file, '--json', 'images', 'import-to', 'podman', plain], { encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { engine: string; name: string };
    assert.deepEqual([out.engine, out.name], ['podman', 'debian:12']);
    assert.equal(podman(pod, ['image', 'exists', 'localhost/debian:12']), '');
  });

  it('into Docker through images/create?fromSrc=- (xz rootfs), tagged; a container of it reads the rootfs', async () => {
    const peer = dockerPeer();
    const engine = await addEngine(t.catalog, { kind: 'docker', endpoint: peer.socket, name: 'docker' });
    try {
      const r = await importLocalImage(t.catalog, engine, ctx, plain, 'imp/debian:12');
      assert.match(r.id, /^sha256:[0-9a-f]{64}$/);
      assert.equal(docker(peer, ['run', '--rm', '--network', 'none', 'imp/debian:12', '/bin/cat', '/etc/cc-image']).trim(), 'plain');
    } finally {
      try {
        docker(peer, ['rmi', '-f', 'imp/debian:12']);
      } catch {
        // not there
      }
    }
  });
});

describe('import of a large local image streams its file from disk (real LXD and Podman peers)', function () {
  this.timeout(400_000);
  // Large enough that holding it whole would dwarf everything else the process holds.
  const SIZE = 320 * 2 ** 20;
  let lxd: LxdPeer;
  let pod: PodmanPeer;
  let dir: string;
  let t: TempCatalog;
  let big: string;
  const alias = 'imp-big';
  const tag = 'localhost/imp/big:1';

  const clean = (): void => {
    for (const img of lxcQuery<{ fingerprint: string; aliases: { name: string }[] }[]>(lxd, '/1.0/images?recursion=1')) {
      if (img.aliases.some((a) => a.name === alias)) lxc(lxd, ['image', 'delete', img.fingerprint]);
    }
    try {
      podman(pod, ['rmi', '-f', tag]);
    } catch {
      // not there
    }
  };
  /** Imports in a child process and returns what it measured. */
  const importInChild = (engine: string, name: string): ImportMemoryReport => {
    const r = spawnSync(process.execPath, [IMPORT_CHILD, t.catalog.file, engine, big, name, join(dir, 'certs')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as ImportMemoryReport;
  };

  before(async () => {
    lxd = lxdPeer();
    pod = podmanPeer();
    clean();
    dir = mkdtempSync(join(tmpdir(), 'cc-import-big-'));
    // A plain rootfs: os-release, a marker, and one big file (written out in full by tar, not sparse).
    const root = join(dir, 'root');
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc/os-release'), 'ID=bigtest\nVERSION_ID=1\n');
    writeFileSync(join(root, 'etc/cc-image'), 'big\n');
    writeFileSync(join(root, 'filler'), '');
    truncateSync(join(root, 'filler'), SIZE);
    execFileSync('tar', ['-cf', join(dir, 'big.rootfs.tar'), '-C', root, '.']);
    rmSync(root, { recursive: true });
    t = await openTempCatalog({ file: join(dir, 'catalog.db') });
    const imported = await importTarball(t.catalog, imagesFolderFor(t.catalog.file), join(dir, 'big.rootfs.tar'));
    big = imported.localImage.id;
    rmSync(join(dir, 'big.rootfs.tar'));
    await addEngine(t.catalog, { kind: 'lxd', endpoint: lxd.socket, name: 'lxd' });
    await addEngine(t.catalog, { kind: 'podman', endpoint: pod.socket, name: 'podman' });
  });
  after(async () => {
    await t?.dispose();
    if (lxd && pod) clean();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('into LXD as a split image (multipart upload): the process grows by far less than the file', () => {
    const r = importInChild('lxd', alias);
    const img = lxcQuery<{ size: number; aliases: { name: string }[] }>(lxd, `/1.0/images/${r.id}`);
    assert.deepEqual(img.aliases.map((a) => a.name), [alias]);
    assert.ok(img.size >= SIZE, `LXD holds the whole rootfs (${img.size} bytes)`);
    assert.ok(r.peakGrowth < SIZE / 4, `peak memory grew by ${Math.round(r.peakGrowth / 2 ** 20)} MiB importing a ${SIZE / 2 ** 20} MiB file`);
  });

  it('into Podman (libpod import): the process grows by far less than the file', () => {
    const r = importInChild('podman', 'imp/big:1');
    const size = Number(podman(pod, ['image', 'inspect', '--format', '{{.Size}}', tag]).trim());
    assert.ok(size >= SIZE, `Podman holds the whole rootfs (${size} bytes)`);
    assert.match(r.id, /^(sha256:)?[0-9a-f]{64}$/);
    assert.ok(r.peakGrowth < SIZE / 4, `peak memory grew by ${Math.round(r.peakGrowth / 2 ** 20)} MiB importing a ${SIZE / 2 ** 20} MiB file`);
  });
});
