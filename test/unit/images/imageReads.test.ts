import * as assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import { ImageSource } from '../../../src/entities/ImageSource';
import { LocalImage } from '../../../src/entities/LocalImage';
import { Registry } from '../../../src/entities/Registry';
import { upsertSources } from '../../../src/images/applyCatalog';
import type { SourceRow } from '../../../src/images/imageKinds';
import { listImageRegistries } from '../../../src/images/listImageRegistries';
import { listImageSources } from '../../../src/images/listImageSources';
import { listLocalImages } from '../../../src/images/listLocalImages';
import { deleteImageSource } from '../../../src/images/localImages';
import { readImageSource } from '../../../src/images/readImageSource';
import { readImageSourceDetails } from '../../../src/images/readImageSourceDetails';
import { readImageTreeData } from '../../../src/images/readImageTreeData';
import { readLocalImage } from '../../../src/images/readLocalImage';
import { readLocalImageDetails } from '../../../src/images/readLocalImageDetails';
import { addServer, readServerList } from '../../../src/images/serverList';
import { writeTypeCache } from '../../../src/images/sourceCacheState';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';

function row(type: 'Incus' | 'Uri', distribution: string, tags: string): SourceRow {
  return {
    type, name: `${distribution} ${tags}`, distribution, release: tags, tags, configured: 'FALSE',
    url: `http://127.0.0.1:9/${distribution}/${tags}.tar.xz`, username: null, uid: null, localFilename: null, digestSource: null,
    digestAlgorithm: 'SHA256', digestUrl: null, digest: 'a'.repeat(64), size: 1, arch: 'amd64', fingerprint: null,
  };
}

/** The images core's named reads: what the tree, the commands, the CLI and the panels call instead of the catalog. */
describe('images: the core read API', () => {
  let t: TempCatalog;
  beforeEach(async () => {
    t = await openTempCatalog();
  });
  afterEach(async () => t.dispose());

  const sourceId = async (distribution: string, tags: string): Promise<string> =>
    (await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { distribution, tags }))).id;
  const addLocal = async (imageSourceId: string | null, name: string): Promise<string> => {
    const id = uuidv7();
    await t.catalog.write((em) => em.insert(LocalImage, { id, imageSourceId, name, state: 'Synced', localFilename: `sha256_${'1'.repeat(64)}.tar.xz` }));
    return id;
  };

  it('lists image sources by type, distribution and tags; narrows to one type or some ids; reads one', async () => {
    const before = (await listImageSources(t.catalog)).length;
    await t.catalog.write((em) => upsertSources(em, [row('Uri', 'debian', '12'), row('Incus', 'debian', '12'), row('Incus', 'alpine', '3.20'), row('Incus', 'alpine', '3.19')], () => 'test#g'));
    const all = await listImageSources(t.catalog);
    assert.equal(all.length, before + 4);
    const incus = await listImageSources(t.catalog, { type: 'Incus' });
    assert.deepEqual(incus.map((s) => `${s.distribution} ${s.tags}`), ['alpine 3.19', 'alpine 3.20', 'debian 12']);
    assert.deepEqual((await listImageSources(t.catalog, { type: 'Uri' })).map((s) => s.type), ['Uri']);
    // The order is the catalog's, whatever order the ids come in.
    const ids = [await sourceId('debian', '12'), incus[0].id];
    assert.deepEqual((await listImageSources(t.catalog, { ids })).map((s) => s.id).sort(), [...ids].sort());
    assert.deepEqual(await listImageSources(t.catalog, { ids: [] }), []);
    assert.equal((await readImageSource(t.catalog, incus[1].id))?.tags, '3.20');
    assert.equal(await readImageSource(t.catalog, 'nope'), null);
  });

  it('reads a source with its local images and its type\'s catalog age; undefined when it is gone', async () => {
    await t.catalog.write((em) => upsertSources(em, [row('Incus', 'alpine', '3.20')], () => 'test#g'));
    const id = await sourceId('alpine', '3.20');
    const empty = await readImageSourceDetails(t.catalog, id);
    assert.equal(empty?.source.id, id);
    assert.deepEqual(empty?.localImages, []);
    assert.equal(empty?.catalogLastUpdate, null);
    await t.catalog.write((em) => writeTypeCache(em, 'Incus', { urls: [], scopes: {}, lastUpdate: 1_700_000_000 }));
    await addLocal(id, 'b');
    await addLocal(id, 'a');
    const details = await readImageSourceDetails(t.catalog, id);
    assert.deepEqual(details?.localImages.map((l) => l.name), ['a', 'b']);
    assert.equal(details?.catalogLastUpdate, 1_700_000_000);
    assert.equal(await readImageSourceDetails(t.catalog, 'nope'), undefined);
  });

  it('lists local images by name, reads one, and reads one with its source (null once the source is deleted)', async () => {
    await t.catalog.write((em) => upsertSources(em, [row('Incus', 'alpine', '3.20')], () => 'test#g'));
    const sid = await sourceId('alpine', '3.20');
    const b = await addLocal(sid, 'b image');
    const a = await addLocal(null, 'a image');
    assert.deepEqual((await listLocalImages(t.catalog)).map((l) => l.id), [a, b]);
    assert.equal((await readLocalImage(t.catalog, b))?.name, 'b image');
    assert.equal(await readLocalImage(t.catalog, 'nope'), null);
    assert.equal((await readLocalImageDetails(t.catalog, b))?.source?.id, sid);
    await deleteImageSource(t.catalog, sid);
    const orphan = await readLocalImageDetails(t.catalog, b);
    assert.equal(orphan?.local.id, b);
    assert.equal(orphan?.source, null);
    assert.equal(await readLocalImageDetails(t.catalog, 'nope'), undefined);
  });

  it('reads the tree\'s rows of the three image tables in one go', async () => {
    await t.catalog.write((em) => upsertSources(em, [row('Incus', 'alpine', '3.20')], () => 'test#g'));
    await addLocal(await sourceId('alpine', '3.20'), 'x');
    await addServer(t.catalog, 'http://127.0.0.1:9/ss', []);
    const data = await readImageTreeData(t.catalog);
    assert.ok(data.sources.some((s) => s.distribution === 'alpine'));
    assert.deepEqual(data.locals.map((l) => l.name), ['x']);
    assert.ok(data.caches.some((c) => c.type === 'Incus'));
  });

  it('reads the simplestreams server list (empty before one is added) and the registries by name', async () => {
    assert.deepEqual(await readServerList(t.catalog), []);
    await addServer(t.catalog, 'http://127.0.0.1:9/b/', []);
    await addServer(t.catalog, 'http://127.0.0.1:9/a', []);
    assert.deepEqual(await readServerList(t.catalog), ['http://127.0.0.1:9/b', 'http://127.0.0.1:9/a']);
    const seeded = await listImageRegistries(t.catalog);
    await t.catalog.write(async (em) => {
      await em.insert(Registry, { id: 'r2', name: '~last', url: 'http://127.0.0.1:9' });
      await em.insert(Registry, { id: 'r1', name: '!first', url: 'http://127.0.0.1:8' });
    });
    const registries = await listImageRegistries(t.catalog);
    assert.deepEqual(registries, [{ id: 'r1', name: '!first', url: 'http://127.0.0.1:8' }, ...seeded, { id: 'r2', name: '~last', url: 'http://127.0.0.1:9' }]);
    assert.deepEqual(seeded.map((r) => r.name), [...seeded.map((r) => r.name)].sort(), 'by name');
  });
});
