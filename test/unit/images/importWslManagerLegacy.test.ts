import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageSource } from '../../../src/entities/ImageSource';
import { LocalImage } from '../../../src/entities/LocalImage';
import { importWslManager } from '../../../src/images/importWslManager';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { LEGACY_ALPINE_SOURCE, LEGACY_FIXTURE_DIR } from '../../fixtures/generateWslManagerLegacyFixture';

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const snapshot = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir).sort().map((n) => [n, sha256(join(dir, n))]));

// test/fixtures/wsl-manager-v2 (made by test/fixtures/generateWslManagerLegacyFixture.ts): images.db at
// user_version 2, its local images still tarballs + JSON beside it, as Wsl-Manager kept them before v3.
describe('images: importing a Wsl-Manager folder from before schema v3 (tarballs + JSON, TransferLocalImages)', () => {
  let t: TempCatalog;
  let dir: string;
  let images: string;
  beforeEach(async () => {
    t = await openTempCatalog();
    dir = mkdtempSync(join(tmpdir(), 'cc-wsl-v2-'));
    cpSync(LEGACY_FIXTURE_DIR, dir, { recursive: true });
    images = join(t.dir, 'images');
  });
  afterEach(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dry run, then each tarball a Synced local image and the JSON without its tarball a NotDownloaded one, once; the folder untouched', async () => {
    const db = join(dir, 'images.db');
    const folder = snapshot(dir);
    const digests = { alpine: sha256(join(dir, 'alpine.rootfs.tar.gz')), debian: sha256(join(dir, 'mydebian.rootfs.tar.gz')) };

    const dry = await importWslManager(t.catalog, images, db, { dryRun: true });
    assert.equal(dry.userVersion, 2);
    assert.deepEqual(dry.sources.added.map((s) => s.id), [LEGACY_ALPINE_SOURCE]);
    assert.deepEqual(dry.localImages.added, []);
    assert.deepEqual(dry.legacyImages.map((l) => [l.name, l.note]), [
      ['alpine', 'Synced'], ['mydebian', 'Synced'], ['ubuntu', 'NotDownloaded: its JSON has no tarball'],
    ]);
    assert.deepEqual(dry.files.map((f) => f.fileName), [`sha256_${digests.alpine}.rootfs.tar.gz`, `sha256_${digests.debian}.rootfs.tar.gz`]);
    assert.equal(await t.catalog.read((em) => em.count(LocalImage)), 0, 'a dry run writes nothing');
    assert.deepEqual(readdirSync(t.dir).filter((n) => n === 'images'), [], 'nor copies a file');

    const r = await importWslManager(t.catalog, images, db);
    assert.equal(r.alreadyImported, false);
    const locals = await t.catalog.read((em) => em.find(LocalImage, { order: { name: 'ASC' } }));
    assert.deepEqual(locals.map((l) => [l.name, l.state, l.type, l.distribution, l.release, l.localFilename, l.digest]), [
      ['alpine', 'Synced', 'Builtin', 'alpine', '3.19', `sha256_${digests.alpine}.rootfs.tar.gz`, digests.alpine],
      ['mydebian', 'Synced', 'Local', 'debian', '12', `sha256_${digests.debian}.rootfs.tar.gz`, digests.debian],
      ['ubuntu', 'NotDownloaded', 'Incus', 'ubuntu', 'noble', null, null],
    ]);
    assert.equal(locals[0].imageSourceId, LEGACY_ALPINE_SOURCE, 'the tarball\'s JSON matches the source images.db holds (type, distribution, release)');
    assert.deepEqual([locals[0].configured, locals[0].username, locals[0].uid, locals[0].digestSource], ['TRUE', 'alpine', 1000, 'sums']);
    const ubuntuSource = await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { id: locals[2].imageSourceId! }));
    assert.deepEqual([ubuntuSource.type, ubuntuSource.url, ubuntuSource.groupTag], ['Incus', 'https://example.invalid/ubuntu/noble/rootfs.tar.xz', locals[2].id]);
    assert.deepEqual(readdirSync(images).sort(), [`sha256_${digests.alpine}.rootfs.tar.gz`, `sha256_${digests.debian}.rootfs.tar.gz`].sort());
    for (const n of readdirSync(images)) assert.equal(sha256(join(images, n)), n.slice('sha256_'.length, -'.rootfs.tar.gz'.length));
    assert.deepEqual(snapshot(dir), folder, 'the Wsl-Manager folder is left byte for byte as it was');
    assert.ok(!(await t.catalog.read((em) => em.count(ImageSource, { where: { name: 'arch' } }))), 'the cached builtin list is not an image');

    const again = await importWslManager(t.catalog, images, db);
    assert.equal(again.alreadyImported, true);
    assert.equal(await t.catalog.read((em) => em.count(LocalImage)), 3);
  });
});
