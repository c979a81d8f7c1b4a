import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, unlinkSync } from 'node:fs';
import { ImageSource } from '../../../src/entities/ImageSource';
import { downloadImageSource } from '../../../src/images/downloadImage';
import { imagesFolderFor } from '../../../src/images/imagesFolder';
import { deleteImageSource } from '../../../src/images/localImages';
import { refreshSimplestreams } from '../../../src/images/refreshSimplestreams';
import { addServer } from '../../../src/images/serverList';
import { incusFacets } from '../../../src/images/simplestreamsParser';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { imageSourcePanelLogic } from '../../../src/webviews/images/imageSourcePanelLogic';
import { localImageFile } from '../../../src/webviews/images/loadLocalImageView';
import { localImagePanelLogic } from '../../../src/webviews/images/localImagePanelLogic';
import type { ImageSourceRequest, ImageSourceView, LocalImageRequest, LocalImageView } from '../../../src/webviews/images/protocol';
import { validateImageSourceMessage } from '../../../src/webviews/images/validateImageSourceMessage';
import { validateLocalImageMessage } from '../../../src/webviews/images/validateLocalImageMessage';
import type { PanelLogic, PanelRequest } from '../../../src/webviews/panelSession';
import { PanelSession } from '../../../src/webviews/panelSession';
import type { HostMessage, ReplyMessage, SnapshotMessage } from '../../../src/webviews/protocol';
import { simplestreamsPeer } from '../images/simplestreamsPeer';

const log: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A short description of a test message (some are cyclic). */
function show(m: unknown): string {
  try {
    return String(JSON.stringify(m)).slice(0, 80);
  } catch {
    return 'a cyclic object';
  }
}

/** Messages no image panel may accept. */
function hostileCommon(): unknown[] {
  const cyclic: Record<string, unknown> = { type: 'verify', requestId: 1 };
  cyclic.self = cyclic;
  return [
    null,
    'verify',
    42,
    [{ type: 'verify', requestId: 1 }],
    { type: 'executeCommand', requestId: 1, command: 'containerCatalog.localImages.delete' },
    { type: '__proto__', requestId: 2 },
    { type: 'constructor', requestId: 2 },
    { type: 'toString', requestId: 2 },
    { requestId: 3 },
    { type: 'verify' },
    { type: 'verify', requestId: '4' },
    { type: 'verify', requestId: 0 },
    { type: 'verify', requestId: 1.5 },
    { type: 'verify', requestId: Number.MAX_SAFE_INTEGER + 2 },
    { type: 'refresh', requestId: 5, force: true },
    { type: 'download', requestId: 6, sourceId: 'another' },
    { type: 'verify', requestId: 7, file: '/etc/passwd' },
    { type: 'openSource', requestId: 8, id: 'another' },
    cyclic,
    { type: 'verify', requestId: 9, pad: 'x'.repeat(300_000) },
    new Map([['type', 'verify']]),
    Object.assign(Object.create({ inherited: true }) as object, { type: 'verify', requestId: 10 }),
  ];
}

describe('image panels: validators refuse hostile page messages', () => {
  it('the local image panel accepts exactly its messages', () => {
    for (const m of [{ type: 'ready' }, { type: 'reload' }, { type: 'verify', requestId: 1 }, { type: 'openSource', requestId: 2 }]) {
      const r = validateLocalImageMessage(m);
      assert.ok(r.ok, `${JSON.stringify(m)}: ${r.ok ? '' : r.error}`);
      assert.deepEqual(r.message, m, 'the validated message is a fresh copy with the same data');
    }
    for (const m of [...hostileCommon(), { type: 'download', requestId: 1 }, { type: 'refresh', requestId: 1 }, { type: 'openLocalImage', requestId: 1, localImage: 'x' }]) {
      const r = validateLocalImageMessage(m);
      assert.equal(r.ok, false, `accepted ${show(m)}`);
      if (!r.ok) assert.ok(r.error.length > 5, r.error);
    }
  });

  it('the image source panel accepts exactly its messages, and only local image ids that look like ids', () => {
    const good = [{ type: 'download', requestId: 1 }, { type: 'refresh', requestId: 2 }, { type: 'openLocalImage', requestId: 3, localImage: '0193b6a2-7c1e-7c3a-9f00-1234567890ab' }];
    for (const m of good) assert.ok(validateImageSourceMessage(m).ok, JSON.stringify(m));
    const hostile = [
      ...hostileCommon(),
      { type: 'verify', requestId: 1 },
      { type: 'openLocalImage', requestId: 1 },
      { type: 'openLocalImage', requestId: 1, localImage: '' },
      { type: 'openLocalImage', requestId: 1, localImage: '../../etc/passwd' },
      { type: 'openLocalImage', requestId: 1, localImage: 'a b' },
      { type: 'openLocalImage', requestId: 1, localImage: 'id\u0000' },
      { type: 'openLocalImage', requestId: 1, localImage: 'x'.repeat(101) },
      { type: 'openLocalImage', requestId: 1, localImage: ['id'] },
      { type: 'openLocalImage', requestId: 1, localImage: { toString: 'id' } },
    ];
    for (const m of hostile) assert.equal(validateImageSourceMessage(m).ok, false, `accepted ${show(m)}`);
  });

  it('never follows a LocalFilename that is a path', () => {
    assert.equal(localImageFile('/g/catalog.db', '../catalog.db'), null);
    assert.equal(localImageFile('/g/catalog.db', '/etc/passwd'), null);
    assert.equal(localImageFile('/g/catalog.db', '..'), null);
    assert.equal(localImageFile('/g/catalog.db', null), null);
    assert.equal(localImageFile('/g/catalog.db', 'sha256_ab.tar.xz'), '/g/images/sha256_ab.tar.xz');
  });
});

/** Catalog changes reach the session after the write resolves: wait for the snapshot they post. */
async function eventually<T>(read: () => T, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  const last = read();
  assert.ok(ok(last), `still ${JSON.stringify(last).slice(0, 300)}`);
  return last;
}

describe('image panels: sessions over a real catalog and files downloaded from the nginx simplestreams peer', function () {
  this.timeout(30_000);
  let t: TempCatalog;
  let source: ImageSource;

  beforeEach(async () => {
    const { url } = simplestreamsPeer();
    t = await openTempCatalog();
    await addServer(t.catalog, `${url}/ss`, []);
    await refreshSimplestreams(t.catalog, { force: true });
    const rows = await t.catalog.read((em) => em.find(ImageSource, { where: { distribution: 'debian' } }));
    const row = rows.find((s) => {
      const f = incusFacets(s.tags);
      return f.release === 'bookworm' && f.arch === 'amd64' && f.variant === 'cloud';
    });
    assert.ok(row, 'debian bookworm amd64 cloud on the peer');
    source = row;
  });
  afterEach(async () => t.dispose());

  function session<V, M extends PanelRequest>(logic: PanelLogic<V, M>, id: string) {
    const posted: HostMessage<V>[] = [];
    const s = new PanelSession<V, M>(logic, id, { post: (m) => posted.push(m), close: () => undefined, setTitle: () => undefined, log });
    t.catalog.onDidChange((e) => void s.catalogChanged(e.external));
    let nextId = 1;
    const send = async (m: Record<string, unknown>): Promise<ReplyMessage> => {
      const requestId = nextId++;
      await s.receive({ ...m, requestId });
      const reply = posted.find((p): p is ReplyMessage => p.type === 'reply' && p.requestId === requestId);
      assert.ok(reply, `no reply to ${String(m.type)}`);
      return reply;
    };
    const snapshot = () => [...posted].reverse().find((m): m is SnapshotMessage<V> => m.type === 'snapshot')!;
    return { s, posted, send, snapshot };
  }

  it('shows every column, the catalog age and the local images; opens only listed local images', async () => {
    const opened: string[] = [];
    const calls: string[] = [];
    const logic = imageSourcePanelLogic(async () => t.catalog, {
      download: async (id) => {
        calls.push(`download ${id}`);
        const r = await downloadImageSource(t.catalog, imagesFolderFor(t.catalog.file), id);
        return { localImageId: r.localImage.id, downloaded: r.downloaded };
      },
      refresh: async (type) => {
        calls.push(`refresh ${type}`);
        return `${(await refreshSimplestreams(t.catalog, {})).status}`;
      },
      openLocalImage: async (id) => void opened.push(id),
    });
    const p = session<ImageSourceView, ImageSourceRequest>(logic, source.id);
    await p.s.receive({ type: 'ready' });
    const v = p.snapshot().view;
    assert.equal(v.id, source.id);
    assert.equal(v.digest, source.digest);
    assert.equal(v.url, source.url);
    assert.equal(v.fingerprint, source.fingerprint);
    assert.equal(v.groupTag, source.groupTag);
    assert.equal(v.size, source.size);
    assert.ok(v.catalogRefreshedAt && Date.now() - Date.parse(v.catalogRefreshedAt) < 3600_000, `refreshed at ${v.catalogRefreshedAt}`);
    assert.deepEqual(v.localImages, []);
    assert.equal(v.downloadable, true);

    const d = await p.send({ type: 'download' });
    assert.equal(d.ok, true, d.message);
    const after = p.snapshot().view;
    assert.equal(after.localImages.length, 1);
    assert.equal(after.localImages[0].state, 'Synced');

    assert.equal((await p.send({ type: 'refresh' })).message, 'skipped', 'a refresh inside the TTL goes through and asks nothing');
    assert.deepEqual(calls, [`download ${source.id}`, 'refresh Incus']);

    assert.equal((await p.send({ type: 'openLocalImage', localImage: 'not-listed' })).ok, false);
    assert.deepEqual(opened, []);
    assert.equal((await p.send({ type: 'openLocalImage', localImage: after.localImages[0].id })).ok, true);
    assert.deepEqual(opened, [after.localImages[0].id]);

    const before = p.s.counters.rejected;
    for (const m of hostileCommon()) await p.s.receive(m);
    assert.equal(p.s.counters.rejected, before + hostileCommon().length);
    assert.deepEqual(calls, [`download ${source.id}`, 'refresh Incus'], 'a hostile message ran an operation');
  });

  it('verifies the file: match, then mismatch after it changed, then missing; "source removed" once the source goes', async () => {
    const r = await downloadImageSource(t.catalog, imagesFolderFor(t.catalog.file), source.id);
    const opened: string[] = [];
    const p = session<LocalImageView, LocalImageRequest>(localImagePanelLogic(async () => t.catalog, async (id) => void opened.push(id)), r.localImage.id);
    await p.s.receive({ type: 'ready' });
    const v = p.snapshot().view;
    assert.equal(v.file, r.file);
    assert.equal(v.state, 'Synced');
    assert.equal(v.digest, source.digest);
    assert.deepEqual(v.source, { id: source.id, name: source.name });

    const ok = await p.send({ type: 'verify' });
    assert.equal(ok.ok, true, ok.message);
    assert.match(ok.message ?? '', new RegExp(`^The file matches: sha256 ${source.digest} \\(${source.size} bytes\\)\\.$`));

    appendFileSync(r.file, 'tampered');
    const tampered = createHash('sha256').update(readFileSync(r.file)).digest('hex');
    const bad = await p.send({ type: 'verify' });
    assert.equal(bad.ok, false);
    assert.match(bad.message ?? '', new RegExp(`^Mismatch: the file's sha256 is ${tampered}, the catalog expects ${source.digest}\\. The image is now marked Outdated: Download fetches the right file and replaces this one\\.$`));
    // The row now describes the file on disk, which is not its source's image; the file is kept.
    const flagged = await eventually(() => p.snapshot().view, (x) => x.state === 'Outdated');
    assert.equal(flagged.digest, tampered);
    assert.ok(existsSync(r.file), 'a mismatch deleted the file');
    // A second verify agrees with the row now, and the state stays Outdated until a download.
    assert.equal((await p.send({ type: 'verify' })).ok, true);
    assert.equal(p.snapshot().view.state, 'Outdated');
    const again = await downloadImageSource(t.catalog, imagesFolderFor(t.catalog.file), source.id);
    assert.equal(again.downloaded, true, 'the tampered file was reused');
    const fixed = await eventually(() => p.snapshot().view, (x) => x.state === 'Synced');
    assert.equal(fixed.digest, source.digest);
    assert.equal(createHash('sha256').update(readFileSync(r.file)).digest('hex'), source.digest);

    unlinkSync(r.file);
    const gone = await p.send({ type: 'verify' });
    assert.equal(gone.ok, false);
    assert.match(gone.message ?? '', /does not exist/);

    assert.equal((await p.send({ type: 'openSource' })).ok, true);
    assert.deepEqual(opened, [source.id]);
    await deleteImageSource(t.catalog, source.id);
    await new Promise((res) => setTimeout(res, 50));
    const orphan = p.snapshot().view;
    assert.equal(orphan.source, null);
    assert.equal(orphan.sourceRemoved, true);
    const none = await p.send({ type: 'openSource' });
    assert.equal(none.ok, false);
    assert.deepEqual(opened, [source.id]);

    const before = p.s.counters;
    const rejectedBefore = before.rejected;
    for (const m of hostileCommon()) await p.s.receive(m);
    assert.equal(p.s.counters.rejected, rejectedBefore + hostileCommon().length);
  });
});
