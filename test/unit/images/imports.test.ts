import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { ImageSource } from '../../../src/entities/ImageSource';
import { LocalImage } from '../../../src/entities/LocalImage';
import { importLegacyFolder, legacyPatchName } from '../../../src/images/importLegacyFolder';
import { importTarball } from '../../../src/images/importTarball';
import { readTarballMetadata } from '../../../src/images/tarballMetadata';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { listDir, simplestreamsPeer, tempDir } from './simplestreamsPeer';

const sha256 = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/** A real gzip rootfs tarball with an os-release, as Wsl-Manager kept them. */
async function legacyTarball(file: string, id: string, version: string): Promise<void> {
  const dir = tempDir('cc-rootfs-');
  mkdirSync(join(dir, 'etc'), { recursive: true });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  copyFileSync('/bin/busybox', join(dir, 'bin/busybox'));
  writeFileSync(join(dir, 'etc/os-release'), `ID=${id}\nVERSION_ID="${version}"\n`);
  await createTar({ gzip: true, file, cwd: dir, portable: true }, ['bin', 'etc']);
}

describe('images: importing tarballs and legacy folders', () => {
  let t: TempCatalog;
  let images: string;
  let peerFiles: string;

  beforeEach(async () => {
    peerFiles = join(simplestreamsPeer().root, 'files/uri');
    t = await openTempCatalog();
    images = join(tempDir('cc-global-'), 'images');
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('reads metadata.yaml from an LXD unified tarball and /etc/os-release from a rootfs tarball', async () => {
    assert.deepEqual(await readTarballMetadata(join(peerFiles, 'alpine-3.20-amd64.tar.xz')),
      { distribution: 'alpine', release: '3.20', arch: 'amd64', from: 'metadata.yaml' });
    assert.deepEqual(await readTarballMetadata(join(peerFiles, 'plain-debian-12.rootfs.tar.xz')),
      { distribution: 'debian', release: '12', arch: null, from: 'os-release' });
    const notTar = join(tempDir('cc-x-'), 'x.tar.gz');
    writeFileSync(notTar, 'this is not a tarball at all, just text that is long enough to be read as a header block');
    await assert.rejects(readTarballMetadata(notTar), /x\.tar\.gz: not a readable tarball/);
  });

  it('imports a tarball from disk: digest, distribution and release, a Synced entry, once', async () => {
    const file = join(peerFiles, 'plain-debian-12.rootfs.tar.xz');
    const r = await importTarball(t.catalog, images, file);
    const digest = sha256(file);
    assert.equal(r.created, true);
    assert.equal(r.localImage.state, 'Synced');
    assert.equal(r.localImage.distribution, 'debian');
    assert.equal(r.localImage.release, '12');
    assert.equal(r.localImage.digest, digest);
    assert.equal(r.localImage.localFilename, `sha256_${digest}.rootfs.tar.xz`);
    assert.deepEqual(listDir(images), [`sha256_${digest}.rootfs.tar.xz`]);
    assert.equal(sha256(join(images, r.localImage.localFilename!)), digest);
    assert.ok(existsSync(file), 'the original stays where it was');
    const source = await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { id: r.localImage.imageSourceId! }));
    assert.equal(source.type, 'Local');
    assert.equal(source.url, `file://${file}`);
    const again = await importTarball(t.catalog, images, file);
    assert.equal(again.created, false);
    assert.equal(again.localImage.id, r.localImage.id);
    assert.equal(await t.catalog.read((em) => em.count(LocalImage)), 1);
    await assert.rejects(importTarball(t.catalog, images, join(peerFiles, 'nope.tar.xz')), /nope\.tar\.xz: is not a file/);
  });

  it('migrates legacy *.rootfs.tar.gz + JSON pairs once (TransferLocalImages), as a recorded patch', async () => {
    const legacy = tempDir('cc-legacy-');
    await legacyTarball(join(legacy, 'alpine.rootfs.tar.gz'), 'alpine', '3.19');
    writeFileSync(join(legacy, 'alpine.rootfs.tar.gz.json'), JSON.stringify({
      Name: 'alpine', Type: 'Builtin', Os: 'Alpine', Release: '3.19', Configured: true, Username: 'alpine', Uid: 1000,
      Url: 'https://example.invalid/alpine.rootfs.tar.gz', State: 'Synced',
      HashSource: { Algorithm: 'SHA256', Type: 'sums', Url: 'https://example.invalid/SHA256SUMS' },
    }));
    // No JSON for this one: the metadata is synthesized from the file name and its os-release.
    await legacyTarball(join(legacy, 'mydebian.rootfs.tar.gz'), 'debian', '12');
    const digests = { alpine: sha256(join(legacy, 'alpine.rootfs.tar.gz')), debian: sha256(join(legacy, 'mydebian.rootfs.tar.gz')) };
    const keep = tempDir('cc-legacy-copy-');
    cpSync(legacy, keep, { recursive: true });

    const r = await importLegacyFolder(t.catalog, images, legacy);
    assert.equal(r.alreadyImported, false);
    assert.equal(r.imported.length, 2);
    const locals = await t.catalog.read((em) => em.find(LocalImage, { order: { name: 'ASC' } }));
    assert.deepEqual(locals.map((l) => [l.name, l.state, l.distribution, l.release, l.localFilename]), [
      ['alpine', 'Synced', 'alpine', '3.19', `sha256_${digests.alpine}.rootfs.tar.gz`],
      ['mydebian', 'Synced', 'debian', '12', `sha256_${digests.debian}.rootfs.tar.gz`],
    ]);
    const alpine = locals[0];
    assert.equal(alpine.type, 'Builtin');
    assert.equal(alpine.configured, 'TRUE');
    assert.equal(alpine.username, 'alpine');
    assert.equal(alpine.uid, 1000);
    assert.equal(alpine.digestSource, 'sums');
    const src = await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { id: alpine.imageSourceId! }));
    assert.equal(src.groupTag, alpine.id, 'a new source gets the LocalImage Id as GroupTag');
    assert.deepEqual(listDir(images), [`sha256_${digests.alpine}.rootfs.tar.gz`, `sha256_${digests.debian}.rootfs.tar.gz`].sort());
    assert.deepEqual(listDir(legacy), [], 'tarballs and JSON files are gone from the legacy folder');
    const patches = await t.catalog.read((em) => em.query('SELECT "name" FROM "patches" WHERE "name" = ?', [legacyPatchName(legacy)]));
    assert.equal(patches.length, 1);

    // Runs once: the same folder (refilled) is not imported again.
    cpSync(keep, legacy, { recursive: true });
    const second = await importLegacyFolder(t.catalog, images, legacy);
    assert.deepEqual(second, { alreadyImported: true, imported: [] });
    assert.equal(await t.catalog.read((em) => em.count(LocalImage)), 2);
  });

  it('a malformed legacy JSON stops the import before anything changes', async () => {
    const legacy = tempDir('cc-legacy-');
    await legacyTarball(join(legacy, 'alpine.rootfs.tar.gz'), 'alpine', '3.19');
    writeFileSync(join(legacy, 'alpine.json'), '{"Name": "alpine",');
    await assert.rejects(importLegacyFolder(t.catalog, images, legacy), /alpine\.json: malformed JSON/);
    assert.deepEqual(listDir(legacy), ['alpine.json', 'alpine.rootfs.tar.gz']);
    assert.deepEqual(listDir(images), []);
    assert.equal(await t.catalog.read((em) => em.count(LocalImage)), 0);
  });
});
