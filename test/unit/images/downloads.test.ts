import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ImageSource } from '../../../src/entities/ImageSource';
import { LocalImage } from '../../../src/entities/LocalImage';
import { refreshBuiltin } from '../../../src/images/builtinCatalog';
import { downloadImageSource, type DownloadProgress } from '../../../src/images/downloadImage';
import { ImageCancelledError, ImageCatalogError } from '../../../src/images/imageCatalogError';
import { importTarball } from '../../../src/images/importTarball';
import { createLocalImageFromImageSource, deleteImageSource, deleteLocalImage } from '../../../src/images/localImages';
import { refreshSimplestreams } from '../../../src/images/refreshSimplestreams';
import { addServer } from '../../../src/images/serverList';
import { incusFacets } from '../../../src/images/simplestreamsParser';
import { addUriSource, refreshUriSources } from '../../../src/images/uriSources';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { listDir, simplestreamsPeer, switchCatalog, tempDir } from './simplestreamsPeer';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('images: verified downloads from the nginx peer', () => {
  let t: TempCatalog;
  let images: string;
  let base: string;
  let root: string;

  const byFacets = async (os: string, release: string, arch: string, variant: string, server: string): Promise<ImageSource> => {
    const rows = await t.catalog.read((em) => em.find(ImageSource, { where: { distribution: os } }));
    const row = rows.find((s) => {
      const f = incusFacets(s.tags);
      return f.release === release && f.arch === arch && f.variant === variant && s.url!.startsWith(`${server}/`);
    });
    assert.ok(row, `${os} ${release} ${arch} ${variant} on ${server}`);
    return row;
  };

  beforeEach(async () => {
    ({ url: base, root } = simplestreamsPeer());
    switchCatalog('a');
    t = await openTempCatalog();
    images = join(tempDir('cc-global-'), 'images');
    await addServer(t.catalog, `${base}/ss`, []);
    await refreshSimplestreams(t.catalog, { force: true });
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('downloads with progress, verifies sha256 and stores the file under its digest', async () => {
    const s = await byFacets('debian', 'bookworm', 'amd64', 'cloud', `${base}/ss`);
    const progress: DownloadProgress[] = [];
    const r = await downloadImageSource(t.catalog, images, s.id, { onProgress: (p) => progress.push(p) });
    assert.equal(r.downloaded, true);
    assert.equal(r.file, join(images, `sha256_${s.digest}.tar.xz`));
    assert.equal(sha256(readFileSync(r.file)), s.digest);
    assert.deepEqual(listDir(images), [`sha256_${s.digest}.tar.xz`], 'no temp file is left');
    assert.ok(progress.length >= 2);
    assert.equal(progress.at(-1)!.received, s.size);
    assert.equal(progress.at(-1)!.total, s.size);
    assert.equal(progress.at(-1)!.percent, 100);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].received >= progress[i - 1].received);
    assert.equal(r.localImage.state, 'Synced');
    assert.equal(r.localImage.imageSourceId, s.id);
    assert.equal(r.localImage.digest, s.digest);
    assert.equal(r.localImage.size, s.size);
    assert.equal(r.localImage.localFilename, `sha256_${s.digest}.tar.xz`);
    assert.equal(r.localImage.arch, 'amd64');
    // A second download of the same source reuses the verified file and the same entry.
    const again = await downloadImageSource(t.catalog, images, s.id);
    assert.equal(again.downloaded, false);
    assert.equal(again.localImage.id, r.localImage.id);
    assert.equal((await t.catalog.read((em) => em.count(LocalImage))), 1);
  });

  it('a wrong digest deletes the temp file, says so, and leaves no entry behind', async () => {
    const s = await byFacets('debian', 'bookworm', 'amd64', 'wrongsum', `${base}/ss`);
    await assert.rejects(downloadImageSource(t.catalog, images, s.id), (e: Error) => {
      assert.ok(e instanceof ImageCatalogError);
      assert.ok(e.message.startsWith(s.url!), e.message);
      assert.match(e.message, /digest mismatch: expected sha256 f{64}, got [0-9a-f]{64}; the downloaded file was deleted/);
      return true;
    });
    assert.deepEqual(listDir(images), []);
    assert.equal(await t.catalog.read((em) => em.count(LocalImage)), 0);
    // An entry that existed before the failed download is kept as it was.
    await t.catalog.write(async (em) => createLocalImageFromImageSource(em, s));
    await assert.rejects(downloadImageSource(t.catalog, images, s.id), /digest mismatch/);
    const local = await t.catalog.read((em) => em.findOneByOrFail(LocalImage, { imageSourceId: s.id }));
    assert.equal(local.state, 'NotDownloaded');
  });

  it('a cancel mid-download (throttled server) leaves no partial file', async () => {
    await addServer(t.catalog, `${base}/ss-slow`);
    await refreshSimplestreams(t.catalog, { force: true });
    const s = await byFacets('alpine', '3.19', 'amd64', 'default', `${base}/ss-slow`);
    const ac = new AbortController();
    let seen: DownloadProgress | undefined;
    await assert.rejects(
      downloadImageSource(t.catalog, images, s.id, {
        signal: ac.signal,
        onProgress: (p) => {
          if (p.received > 0 && !seen) {
            seen = p;
            ac.abort();
          }
        },
      }),
      (e: Error) => e instanceof ImageCancelledError && /cancelled/.test(e.message),
    );
    assert.ok(seen && seen.received < s.size!, 'it was cancelled part-way');
    assert.deepEqual(listDir(images), [], 'no .partial and no final file');
    assert.equal(await t.catalog.read((em) => em.count(LocalImage, { where: { imageSourceId: s.id } })), 0);
  });

  it('Uri sources read SHA256SUMS (sums) and a .sha256 file (single); a wrong sum fails the download', async () => {
    const uri = `${base}/uri`;
    const a = await addUriSource(t.catalog, { url: `${uri}/alpine-3.20-amd64.tar.xz`, distribution: 'alpine', release: '3.20' });
    const d = await addUriSource(t.catalog, { url: `${uri}/debian-bookworm-amd64.tar.xz` });
    const w = await addUriSource(t.catalog, { url: `${uri}/wrong-digest.tar.xz`, digestUrl: `${uri}/SHA256SUMS` });
    const rows = await t.catalog.read((em) => em.find(ImageSource, { where: { type: 'Uri' } }));
    const row = (id: string): ImageSource => rows.find((r) => r.id === id)!;
    const file = (n: string): Buffer => readFileSync(join(root, 'files/uri', n));
    assert.equal(row(a).digestSource, 'sums');
    assert.equal(row(a).digestUrl, `${uri}/SHA256SUMS`);
    assert.equal(row(a).digest, sha256(file('alpine-3.20-amd64.tar.xz')));
    assert.equal(row(a).size, file('alpine-3.20-amd64.tar.xz').length);
    assert.equal(row(d).digestSource, 'single');
    assert.equal(row(d).digestUrl, `${uri}/debian-bookworm-amd64.tar.xz.sha256`);
    assert.equal(row(d).digest, sha256(file('debian-bookworm-amd64.tar.xz')));
    assert.equal(row(d).distribution, 'debian');
    assert.equal(row(w).digest, '0'.repeat(64));
    assert.equal((await downloadImageSource(t.catalog, images, a)).localImage.state, 'Synced');
    await assert.rejects(downloadImageSource(t.catalog, images, w), /wrong-digest\.tar\.xz: digest mismatch/);
    await assert.rejects(addUriSource(t.catalog, { url: `${uri}/missing.tar.xz` }), /missing\.tar\.xz: HTTP 404/);
    await assert.rejects(
      addUriSource(t.catalog, { url: `${uri}/big.tar.xz`, digestUrl: `${uri}/debian-bookworm-amd64.tar.xz.sha256`, digestSource: 'sums' }),
      /no checksum listed for "big\.tar\.xz"/,
    );
  });

  it('deletes a shared file only when no other entry uses it; deleting a source keeps its local image', async () => {
    // The builtin catalog URL and a Uri source both point at the same tarball: one digest, one file.
    await refreshBuiltin(t.catalog, `${base}/builtin/catalog.json`, { force: true });
    const builtin = await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { type: 'Builtin', distribution: 'debian', tags: 'latest' }));
    const uriId = await addUriSource(t.catalog, { url: `${base}/uri/debian-bookworm-amd64.tar.xz` });
    const one = await downloadImageSource(t.catalog, images, builtin.id);
    const two = await downloadImageSource(t.catalog, images, uriId);
    assert.equal(two.downloaded, false, 'the second entry reuses the verified file');
    assert.equal(one.file, two.file);
    assert.notEqual(one.localImage.id, two.localImage.id);
    assert.deepEqual(listDir(images), [one.localImage.localFilename]);

    const first = await deleteLocalImage(t.catalog, images, one.localImage.id);
    assert.deepEqual(first, { name: one.localImage.name, fileRemoved: false, sharedWith: 1 });
    assert.deepEqual(listDir(images), [one.localImage.localFilename], 'still used by the other entry');

    await deleteImageSource(t.catalog, uriId);
    const orphan = await t.catalog.read((em) => em.findOneByOrFail(LocalImage, { id: two.localImage.id }));
    assert.equal(orphan.imageSourceId, null);
    assert.equal(orphan.state, 'Synced');

    const second = await deleteLocalImage(t.catalog, images, two.localImage.id);
    assert.equal(second.fileRemoved, true);
    assert.deepEqual(listDir(images), []);
  });

  it('never writes outside the images folder, whatever the catalog says', async () => {
    const s = await byFacets('alpine', '3.20', 'amd64', 'default', `${base}/ss`);
    // A row tampered with after the fact: a traversal in the digest and a hostile URL.
    await t.catalog.write((em) => em.update(ImageSource, { id: s.id }, { digest: '../../../../tmp/evil' }));
    await assert.rejects(downloadImageSource(t.catalog, images, s.id), /is not a SHA256 digest/);
    await t.catalog.write((em) => em.update(ImageSource, { id: s.id }, { digest: s.digest, url: 'file:///etc/passwd' }));
    await assert.rejects(downloadImageSource(t.catalog, images, s.id), /"file:" URLs are not supported/);
    assert.deepEqual(listDir(images), []);
    assert.equal(await t.catalog.read((em) => em.count(LocalImage)), 0);
  });

  it('the builtin catalog: shipped list without network, URL list with ETag', async () => {
    const first = await refreshBuiltin(t.catalog, `${base}/builtin/catalog.json`, { force: true });
    assert.equal(first.status, 'updated');
    const rows = await t.catalog.read((em) => em.find(ImageSource, { where: { type: 'Builtin' }, order: { distribution: 'ASC' } }));
    assert.ok(rows.some((r) => r.groupTag!.startsWith('builtin:shipped#') && r.url!.startsWith('https://')));
    const fromUrl = rows.filter((r) => r.groupTag!.startsWith(`${base}/builtin/catalog.json#`));
    assert.deepEqual(fromUrl.map((r) => r.distribution), ['alpine', 'debian']);
    assert.equal((await refreshBuiltin(t.catalog, `${base}/builtin/catalog.json`, { force: true })).status, 'unchanged');
    // Dropping the URL purges its rows and keeps the shipped ones.
    const r = await refreshBuiltin(t.catalog, null, { force: true });
    assert.equal(r.purged, 2);
    const left = await t.catalog.read((em) => em.find(ImageSource, { where: { type: 'Builtin' } }));
    assert.ok(left.length > 0 && left.every((x) => x.groupTag!.startsWith('builtin:shipped#')));
  });

  it('a source without a pinned digest reads it from its checksum file at download time', async () => {
    // Like the shipped builtin list: Digest NULL, DigestUrl + DigestSource set.
    await refreshBuiltin(t.catalog, `${base}/builtin/catalog.json`, { force: true });
    const rows = await t.catalog.read((em) => em.find(ImageSource, { where: { type: 'Builtin', tags: 'latest' } }));
    const sums = rows.find((r) => r.digestSource === 'sums')!;
    const single = rows.find((r) => r.digestSource === 'single')!;
    const expected = new Map(rows.map((r) => [r.id, r.digest]));
    await t.catalog.write(async (em) => {
      for (const r of [sums, single]) await em.update(ImageSource, { id: r.id }, { digest: null });
    });
    for (const r of [sums, single]) {
      const got = await downloadImageSource(t.catalog, images, r.id);
      assert.equal(got.localImage.digest, expected.get(r.id));
      assert.equal(sha256(readFileSync(got.file)), expected.get(r.id));
    }
    // Without a digest and without a checksum file, nothing unverified is downloaded.
    await t.catalog.write((em) => em.update(ImageSource, { id: sums.id }, { digest: null, digestUrl: null }));
    await assert.rejects(downloadImageSource(t.catalog, images, sums.id), /refusing an unverified download/);
  });

  it('refreshing Uri sources re-reads their checksum files: a changed digest marks the local image Outdated', async () => {
    const id = await addUriSource(t.catalog, { url: `${base}/uri/big.tar.xz`, digestUrl: `${base}/ss/streams/SHA256SUMS` });
    const { localImage } = await downloadImageSource(t.catalog, images, id);
    assert.equal(localImage.state, 'Synced');
    let clock = 1_900_000_000;
    const opts = { now: () => clock, ttlSeconds: 3600 };
    assert.equal((await refreshUriSources(t.catalog, opts)).status, 'unchanged');
    clock += 60;
    switchCatalog('b'); // the publisher's SHA256SUMS now lists another build
    try {
      assert.equal((await refreshUriSources(t.catalog, opts)).status, 'skipped', 'within the TTL nothing is asked');
      const r = await refreshUriSources(t.catalog, { ...opts, force: true });
      assert.deepEqual([r.status, r.upserted, r.outdated], ['updated', 1, 1]);
      const src = await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { id }));
      assert.equal(src.digest, 'e'.repeat(64));
      assert.equal(src.localFilename, `sha256_${'e'.repeat(64)}.tar.xz`);
      const local = await t.catalog.read((em) => em.findOneByOrFail(LocalImage, { id: localImage.id }));
      assert.equal(local.state, 'Outdated');
      assert.equal(local.digest, localImage.digest, 'the local digest is the file on disk');
    } finally {
      switchCatalog('a');
    }
  });
  it('a file under the right digest name is hashed before it is trusted: a wrong one is replaced and its entries marked Outdated', async () => {
    const id = await addUriSource(t.catalog, { url: `${base}/uri/alpine-3.20-amd64.tar.xz`, distribution: 'alpine', release: '3.20' });
    const first = await downloadImageSource(t.catalog, images, id);
    const digest = first.localImage.digest!;
    writeFileSync(first.file, 'not the image any more');
    // Importing the same image finds the damaged file under its name, replaces it, and says so on the entry that used it.
    const imported = await importTarball(t.catalog, images, join(root, 'files/uri/alpine-3.20-amd64.tar.xz'));
    assert.equal(imported.localImage.localFilename, basename(first.file));
    assert.equal(sha256(readFileSync(first.file)), digest, 'the file holds the image again');
    assert.deepEqual(listDir(images), [basename(first.file)]);
    const marked = await t.catalog.read((em) => em.findOneByOrFail(LocalImage, { id: first.localImage.id }));
    assert.equal(marked.state, 'Outdated');
    assert.equal(marked.digest, sha256(Buffer.from('not the image any more')));
    // Download then finds the right file in place and the entry is Synced again, without a download.
    const again = await downloadImageSource(t.catalog, images, id);
    assert.equal(again.downloaded, false);
    assert.equal(again.localImage.state, 'Synced');
    assert.equal(again.localImage.digest, digest);
    // A damaged file met by a download is downloaded again and replaced.
    writeFileSync(first.file, 'damaged again');
    const third = await downloadImageSource(t.catalog, images, id);
    assert.equal(third.downloaded, true);
    assert.equal(sha256(readFileSync(first.file)), digest);
  });
});
