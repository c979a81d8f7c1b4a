import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineContext } from '../../../src/containers/engineConnection';
import { checkEngineImageUpdates, listOutdatedEngineImages } from '../../../src/containers/engineImageUpdates';
import { listEngineObjects } from '../../../src/containers/engineObjectLists';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { repullEngineImage } from '../../../src/containers/repullEngineImage';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { lxc, lxcQuery, lxdPeer, testEngineContext, type LxdPeer } from './enginePeers';

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

interface LxdImage {
  fingerprint: string;
  aliases: { name: string }[];
  update_source?: { server: string; alias: string; protocol: string };
}

/** The fingerprints of one version of a product in the peer's catalog "b" (what LXD may name that build). */
function fingerprintsOf(root: string, catalog: 'a' | 'b', product: string, version: string): string[] {
  const json = JSON.parse(readFileSync(join(root, 'catalogs', catalog, 'streams/v1/images.json'), 'utf8')) as {
    products: Record<string, { versions: Record<string, { items: Record<string, Record<string, string>> }> }>;
  };
  const meta = json.products[product].versions[version].items['lxd.tar.xz'];
  return [meta.combined_squashfs_sha256, meta.combined_rootxz_sha256];
}

describe('outdated engine images on LXD: a simplestreams update source (real LXD and simplestreams peers)', function () {
  this.timeout(180_000);
  let lxd: LxdPeer;
  let server: string;
  let root: string;
  let accessLog: string;
  let t: TempCatalog;
  let ctx: EngineContext;
  let engine: EngineRecord;
  const sw = (c: 'a' | 'b'): void => {
    execFileSync('bash', [join(process.cwd(), 'test/peers/simplestreams.sh'), 'switch', c], { stdio: 'pipe' });
  };
  const fromPeer = (): LxdImage[] => lxcQuery<LxdImage[]>(lxd, '/1.0/images?recursion=1').filter((i) => i.update_source?.server === server);
  const clean = (): void => {
    for (const i of fromPeer()) lxc(lxd, ['image', 'delete', i.fingerprint]);
  };
  /** Ages LXD's simplestreams cache past its hour, as time would: LXD then reads the server again. */
  const ageLxdCache = (): void => {
    const cache = join(lxd.dir, 'cache');
    const then = new Date(Date.now() - 2 * 3600_000);
    for (const d of readdirSync(cache, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      for (const f of readdirSync(join(cache, d.name))) utimesSync(join(cache, d.name, f), then, then);
    }
  };
  const marked = async (): Promise<string[]> => (await listEngineObjects(t.catalog, engine.id, 'images')).filter((i) => i.outdated).map((i) => i.fingerprint);

  before(async () => {
    lxd = lxdPeer();
    const base = process.env.CC_SIMPLESTREAMS_URL;
    root = process.env.CC_SIMPLESTREAMS_ROOT ?? '';
    accessLog = process.env.CC_SIMPLESTREAMS_ACCESS_LOG ?? '';
    if (!base || !root || !accessLog) throw new Error('CC_SIMPLESTREAMS_* are not set: run `test/peers/simplestreams.sh start` and source .build/peers/simplestreams.env');
    server = `${base}/ss`;
    sw('a');
    clean();
    ageLxdCache(); // what LXD may have cached of the peer before (another test, catalog "b") is not read
    // LXD pulls alpine/3.20 from the peer itself and records the server and alias as the image's update source.
    lxc(lxd, ['query', '-X', 'POST', '--wait', '--data', JSON.stringify({ auto_update: true, source: { type: 'image', mode: 'pull', server, protocol: 'simplestreams', alias: 'alpine/3.20' } }), '/1.0/images']);
    t = await openTempCatalog();
    ctx = { ...testEngineContext(), logger: quiet };
    engine = await addEngine(t.catalog, { kind: 'lxd', endpoint: lxd.socket, name: 'lxd-outdated' });
  });
  after(async () => {
    if (lxd) clean();
    if (root) sw('a');
    await t?.dispose();
  });

  it('an image of the newest build is current', async () => {
    const [img] = fromPeer();
    assert.ok(fingerprintsOf(root, 'a', 'alpine:3.20:amd64:default', '20260102_0312').includes(img.fingerprint), 'LXD pulled the newest build of catalog "a"');
    const r = await checkEngineImageUpdates(t.catalog, engine, ctx);
    assert.deepEqual(r.errors, []);
    assert.equal(r.checked, 1, 'only the image with a simplestreams update source (not the peer\'s imported busybox)');
    assert.deepEqual(r.outdated, []);
  });

  it('when the server serves a newer build, the check marks the image outdated; a second check is answered with 304s and keeps it', async () => {
    sw('b');
    const newer = fingerprintsOf(root, 'b', 'alpine:3.20:amd64:default', '20260103_0312');
    const [img] = fromPeer();
    const r = await checkEngineImageUpdates(t.catalog, engine, ctx);
    assert.deepEqual(r.errors, []);
    assert.equal(r.outdated.length, 1);
    assert.equal(r.outdated[0].fingerprint, img.fingerprint);
    assert.ok(newer.includes(r.outdated[0].latest), `latest ${r.outdated[0].latest} is the new build`);
    assert.deepEqual(await marked(), [img.fingerprint]);
    const seen = readFileSync(accessLog, 'utf8').length;
    const again = await checkEngineImageUpdates(t.catalog, engine, ctx);
    assert.deepEqual(again.outdated.map((o) => o.fingerprint), [img.fingerprint]);
    const lines = readFileSync(accessLog, 'utf8').slice(seen).split('\n').filter((l) => l.includes('/ss/streams/'));
    assert.ok(lines.length >= 2, `the second check asked the server: ${lines.join('\n')}`);
    assert.ok(lines.every((l) => /" 304 /.test(l)), `every read of the second check was conditional and answered 304:\n${lines.join('\n')}`);
    assert.deepEqual((await listOutdatedEngineImages(t.catalog, engine.id)).map((o) => o.fingerprint), [img.fingerprint]);
  });

  it('re-pull refreshes the image from its source: LXD holds the new build under the alias and the mark is gone', async () => {
    const [old] = fromPeer();
    // LXD reads a simplestreams server through its own cache, kept for an hour: right after the pull it
    // still sees the old build, finds nothing newer, and the mark stays.
    const early = await repullEngineImage(t.catalog, engine, ctx, old.fingerprint);
    assert.deepEqual(early.pulled, []);
    assert.deepEqual(await marked(), [old.fingerprint]);
    // An hour later (the cache files aged, as time would), LXD reads the server again.
    ageLxdCache();
    const r = await repullEngineImage(t.catalog, engine, ctx, old.fingerprint);
    assert.deepEqual(r.pulled, ['alpine/3.20']);
    const now = fromPeer();
    assert.equal(now.length, 1, 'LXD replaced the old build');
    assert.notEqual(now[0].fingerprint, old.fingerprint);
    assert.ok(fingerprintsOf(root, 'b', 'alpine:3.20:amd64:default', '20260103_0312').includes(now[0].fingerprint));
    assert.deepEqual(await marked(), []);
    const again = await checkEngineImageUpdates(t.catalog, engine, ctx);
    assert.deepEqual(again.outdated, []);
    assert.equal(again.checked, 1);
  });
});
