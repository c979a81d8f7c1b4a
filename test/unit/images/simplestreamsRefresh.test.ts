import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImageSource } from '../../../src/entities/ImageSource';
import { ImageSourceCache } from '../../../src/entities/ImageSourceCache';
import { LocalImage } from '../../../src/entities/LocalImage';
import { downloadImageSource } from '../../../src/images/downloadImage';
import { ImageCatalogError } from '../../../src/images/imageCatalogError';
import { refreshSimplestreams } from '../../../src/images/refreshSimplestreams';
import { addServer, removeServer } from '../../../src/images/serverList';
import { incusFacets } from '../../../src/images/simplestreamsParser';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { accessLogLines, accessLogSize, simplestreamsPeer, switchCatalog, tempDir } from './simplestreamsPeer';

const sha256File = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('images: simplestreams refresh against the nginx peer', () => {
  let t: TempCatalog;
  let server: string;
  let root: string;

  const sources = (): Promise<ImageSource[]> => t.catalog.read((em) => em.find(ImageSource, { order: { tags: 'ASC' } }));
  const find = async (os: string, release: string, arch: string, variant: string, srv = server): Promise<ImageSource | undefined> =>
    (await sources()).find((s) => {
      const f = incusFacets(s.tags);
      return s.distribution === os && f.release === release && f.arch === arch && f.variant === variant && s.url!.startsWith(srv);
    });
  /** Everything refresh may touch, to prove a failed refresh changed nothing. */
  const snapshot = (): Promise<unknown> => t.catalog.read(async (em) => ({
    sources: await em.query('SELECT * FROM "ImageSource" ORDER BY "Id"'),
    locals: await em.query('SELECT * FROM "LocalImage" ORDER BY "Id"'),
    cache: await em.query('SELECT * FROM "ImageSourceCache" ORDER BY "Type"'),
  }));

  beforeEach(async () => {
    ({ root } = simplestreamsPeer());
    server = `${simplestreamsPeer().url}/ss`;
    switchCatalog('a');
    t = await openTempCatalog();
    await addServer(t.catalog, server, []);
  });
  afterEach(async () => {
    switchCatalog('a');
    await t.dispose();
  });

  it('first refresh maps every product, picks the newest version, keeps arch and the combined fingerprint', async () => {
    const r = await refreshSimplestreams(t.catalog, { force: true });
    assert.equal(r.status, 'updated');
    assert.equal(r.upserted, 9);
    const rows = await sources();
    assert.equal(rows.length, 9);
    assert.deepEqual([...new Set(rows.map((s) => s.distribution))].sort(), ['alpine', 'debian']);
    const a = await find('alpine', '3.20', 'arm64', 'default');
    assert.ok(a, 'alpine 3.20 arm64 is listed');
    assert.equal(a.type, 'Incus');
    assert.equal(a.release, '3.20');
    assert.equal(a.arch, 'arm64');
    assert.equal(a.url, `${server}/images/alpine/3.20/arm64/default/20260102_0312/rootfs.tar.xz`);
    const dir = join(root, 'files/images/alpine/3.20/arm64/default/20260102_0312');
    assert.equal(a.digest, sha256File(join(dir, 'rootfs.tar.xz')));
    assert.equal(a.digestAlgorithm, 'SHA256');
    assert.equal(a.size, readFileSync(join(dir, 'rootfs.tar.xz')).length);
    const combined = createHash('sha256').update(readFileSync(join(dir, 'lxd.tar.xz'))).update(readFileSync(join(dir, 'rootfs.tar.xz'))).digest('hex');
    assert.equal(a.fingerprint, combined);
    assert.equal(a.localFilename, `sha256_${a.digest}.tar.xz`);
    assert.ok(a.tags.split(',').includes('alpine/edge'), 'aliases are tags');
    assert.ok(a.tags.split(',').includes('@127.0.0.1:' + new URL(server).port + '/ss'), 'the server is a tag');
    const etag = (await t.catalog.read((em) => em.findOneByOrFail(ImageSourceCache, { type: 'Incus' }))).etag!;
    const nginxEtag = (await fetch(`${server}/streams/v1/images.json`, { method: 'HEAD' })).headers.get('etag')!;
    assert.ok(etag.includes(JSON.stringify(nginxEtag).slice(1, -1)), 'the ETag nginx sent is stored');
    assert.equal(a.groupTag, `${server}#${nginxEtag}`);
  });

  it('a second refresh gets 304 and changes only LastUpdate', async () => {
    let clock = 1_900_000_000;
    await refreshSimplestreams(t.catalog, { now: () => clock });
    const before = await t.catalog.read((em) => em.query('SELECT * FROM "ImageSource" ORDER BY "Id"'));
    clock += 60;
    const logFrom = accessLogSize();
    const r = await refreshSimplestreams(t.catalog, { force: true, now: () => clock });
    // nginx really answered 304 to both conditional requests (index and products).
    const lines = await accessLogLines(logFrom, (l) => l.includes('"GET /ss/streams/v1/'), 2);
    assert.equal(lines.length, 2, lines.join('\n'));
    for (const l of lines) assert.match(l, /" 304 /);
    assert.equal(r.status, 'unchanged');
    assert.equal(r.lastUpdate, clock);
    const after = await t.catalog.read((em) => em.query('SELECT * FROM "ImageSource" ORDER BY "Id"'));
    assert.deepEqual(after, before);
    const cache = await t.catalog.read((em) => em.findOneByOrFail(ImageSourceCache, { type: 'Incus' }));
    assert.equal(cache.lastUpdate, clock);
  });

  it('skips within the TTL, refreshes after it, and force overrides it', async () => {
    let clock = 1_900_000_000;
    const opts = { now: () => clock, ttlSeconds: 3600 };
    assert.equal((await refreshSimplestreams(t.catalog, opts)).status, 'updated');
    clock += 1800;
    switchCatalog('b'); // even a changed server is not asked within the TTL
    const skipped = await refreshSimplestreams(t.catalog, opts);
    assert.equal(skipped.status, 'skipped');
    assert.equal((await sources()).length, 9);
    assert.equal((await refreshSimplestreams(t.catalog, { ...opts, force: true })).status, 'updated');
    switchCatalog('a');
    clock += 3601;
    assert.equal((await refreshSimplestreams(t.catalog, opts)).status, 'updated');
  });

  it('a changed catalog purges vanished rows, keeps their local images, and marks changed ones Outdated', async () => {
    await refreshSimplestreams(t.catalog, { force: true });
    const images = tempDir('cc-images-');
    const changed = (await find('alpine', '3.20', 'amd64', 'default'))!;
    const vanished = (await find('debian', 'trixie', 'amd64', 'cloud'))!;
    const same = (await find('alpine', '3.19', 'amd64', 'default'))!;
    for (const s of [changed, vanished, same]) await downloadImageSource(t.catalog, images, s.id);
    const oldIds = new Map((await sources()).map((s) => [s.tags + s.distribution, s.id]));

    switchCatalog('b');
    const r = await refreshSimplestreams(t.catalog, { force: true });
    assert.equal(r.status, 'updated');
    assert.equal(r.purged, 1);
    assert.equal(r.outdated, 1);
    const rows = await sources();
    assert.equal(rows.length, 9); // 9 - trixie cloud + alpine 3.21
    assert.equal(await find('debian', 'trixie', 'amd64', 'cloud'), undefined);
    assert.ok(await find('alpine', '3.21', 'amd64', 'default'));
    const now = (await find('alpine', '3.20', 'amd64', 'default'))!;
    assert.equal(now.id, changed.id, 'an upsert keeps the Id local images point at');
    assert.notEqual(now.digest, changed.digest);
    assert.match(now.url!, /20260103_0312/);
    for (const s of rows) if (oldIds.has(s.tags + s.distribution)) assert.equal(s.id, oldIds.get(s.tags + s.distribution));

    const locals = await t.catalog.read((em) => em.find(LocalImage));
    const byName = new Map(locals.map((l) => [l.name, l]));
    assert.equal(byName.get(changed.name!)!.state, 'Outdated');
    assert.equal(byName.get(changed.name!)!.digest, changed.digest, 'the local digest is what is on disk');
    assert.equal(byName.get(same.name!)!.state, 'Synced');
    const orphan = byName.get(vanished.name!)!;
    assert.equal(orphan.imageSourceId, null, 'the FK is set NULL');
    assert.equal(orphan.state, 'Synced');

    // Back to "a": the digest matches the local file again, so the flag goes away honestly.
    switchCatalog('a');
    const back = await refreshSimplestreams(t.catalog, { force: true });
    assert.equal(back.status, 'updated');
    const again = await t.catalog.read((em) => em.findOneByOrFail(LocalImage, { id: byName.get(changed.name!)!.id }));
    assert.equal(again.state, 'Synced');
  });

  it('marks a Synced local image whose digest is NULL Outdated (the NULL case <> would skip)', async () => {
    await refreshSimplestreams(t.catalog, { force: true });
    const images = tempDir('cc-images-');
    const s = (await find('alpine', '3.20', 'amd64', 'default'))!;
    const { localImage } = await downloadImageSource(t.catalog, images, s.id);
    await t.catalog.write((em) => em.update(LocalImage, { id: localImage.id }, { digest: null }));
    switchCatalog('b');
    const r = await refreshSimplestreams(t.catalog, { force: true });
    assert.equal(r.outdated, 1);
    assert.equal((await t.catalog.read((em) => em.findOneByOrFail(LocalImage, { id: localImage.id }))).state, 'Outdated');
  });

  for (const [path, problem] of [
    ['ss-malformed', /images\.json: malformed JSON/],
    ['ss-missing', /product "alpine:3\.19:amd64:default".*missing field "sha256"/],
    ['ss-badversion', /version key "latest" does not start with YYYYMMDD/],
    ['ss-evil', /contains ".."|absolute path|not a SHA256 digest/],
    ['ss-500', /index\.json: HTTP 500/],
    ['ss-404', /index\.json: HTTP 404/],
  ] as const) {
    it(`a failing server (${path}) is named with its problem while the reachable server is refreshed`, async () => {
      await refreshSimplestreams(t.catalog, { force: true });
      const images = tempDir('cc-images-');
      const { localImage } = await downloadImageSource(t.catalog, images, (await find('alpine', '3.20', 'amd64', 'default'))!.id);
      const bad = `${simplestreamsPeer().url}/${path}`;
      await addServer(t.catalog, bad);
      switchCatalog('b'); // the reachable server has a newer alpine 3.20 amd64 build
      const r = await refreshSimplestreams(t.catalog, { force: true });
      assert.equal(r.status, 'updated');
      assert.equal(r.failedScopes?.length, 1, JSON.stringify(r.failedScopes));
      assert.equal(r.failedScopes[0].scope, bad);
      assert.ok(r.failedScopes[0].error.includes(`${bad}/streams/v1/`), `names the URL: ${r.failedScopes[0].error}`);
      assert.match(r.failedScopes[0].error, problem);
      assert.match((await find('alpine', '3.20', 'amd64', 'default'))!.url!, /20260103_0312/);
      assert.equal((await t.catalog.read((em) => em.findOneByOrFail(LocalImage, { id: localImage.id }))).state, 'Outdated');
      assert.equal((await sources()).filter((x) => x.url?.startsWith(bad)).length, 0);
      // Not refreshed, so not within the TTL: the next refresh, unforced, asks the failed server again.
      const again = await refreshSimplestreams(t.catalog, {});
      assert.notEqual(again.status, 'skipped');
      assert.equal(again.failedScopes?.[0]?.scope, bad);
    });

    it(`a failing server alone (${path}) leaves the catalog exactly as it was and names the URL`, async () => {
      await refreshSimplestreams(t.catalog, { force: true });
      const images = tempDir('cc-images-');
      await downloadImageSource(t.catalog, images, (await find('alpine', '3.20', 'amd64', 'default'))!.id);
      const bad = `${simplestreamsPeer().url}/${path}`;
      await removeServer(t.catalog, server);
      await addServer(t.catalog, bad);
      const withServer = await snapshot();
      await assert.rejects(refreshSimplestreams(t.catalog, { force: true }), (e: Error) => {
        assert.ok(e instanceof ImageCatalogError, e.message);
        assert.ok(e.message.includes(`${bad}/streams/v1/`), `names the URL: ${e.message}`);
        assert.match(e.message, problem);
        return true;
      });
      assert.deepEqual(await snapshot(), withServer);
    });
  }

  it('a server nobody answers at (a closed port, as an offline machine sees a remote one) does not hold back the others', async () => {
    const down = 'http://127.0.0.1:9/ss';
    await addServer(t.catalog, down);
    const r = await refreshSimplestreams(t.catalog, { force: true, httpLimits: { idleMs: 2000, totalMs: 4000 } });
    assert.equal(r.status, 'updated');
    assert.equal(r.upserted, 9);
    assert.deepEqual(r.failedScopes?.map((f) => f.scope), [down]);
    assert.match(r.failedScopes![0].error, /127\.0\.0\.1:9/);
  });

  it('the ".." and absolute paths of a hostile catalog are named in the error', async () => {
    await removeServer(t.catalog, server);
    await addServer(t.catalog, `${simplestreamsPeer().url}/ss-evil`);
    await assert.rejects(refreshSimplestreams(t.catalog, { force: true }), /path "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" contains "\.\."/);
    assert.equal((await sources()).length, 0);
  });

  it('two servers offering the same product both keep their rows; removing one removes only its rows', async () => {
    const second = `${simplestreamsPeer().url}/ss2`;
    await addServer(t.catalog, second);
    const r = await refreshSimplestreams(t.catalog, { force: true });
    assert.equal(r.upserted, 10);
    const a = await find('debian', 'bookworm', 'amd64', 'default', server);
    const b = await find('debian', 'bookworm', 'amd64', 'default', second);
    assert.ok(a && b && a.id !== b.id);
    assert.notEqual(a.digest, b.digest, 'ss2 offers the older build');
    // A 304 on one server and a change on the other: only the changed server's rows move.
    switchCatalog('b');
    const r2 = await refreshSimplestreams(t.catalog, { force: true });
    assert.equal(r2.status, 'updated');
    assert.equal((await find('debian', 'bookworm', 'amd64', 'default', second))!.groupTag, b.groupTag);
    const { removedRows } = await removeServer(t.catalog, second);
    assert.equal(removedRows, 1);
    assert.equal((await sources()).length, 9);
    // The list is in the catalog, where the CLI reads it too.
    const cache = await t.catalog.read((em) => em.findOneByOrFail(ImageSourceCache, { type: 'Incus' }));
    assert.deepEqual(JSON.parse(cache.url!), [server]);
  });

  it('refuses server URLs it cannot use', async () => {
    await assert.rejects(addServer(t.catalog, 'ftp://127.0.0.1/x'), /"ftp:" URLs are not supported/);
    await assert.rejects(addServer(t.catalog, 'not a url'), /is not a URL/);
    await assert.rejects(addServer(t.catalog, 'http://u:p@127.0.0.1/'), /credentials/);
    await assert.rejects(removeServer(t.catalog, 'http://127.0.0.1:1/none'), /is not in the simplestreams server list/);
  });
});
