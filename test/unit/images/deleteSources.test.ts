import * as assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import { ImageSource } from '../../../src/entities/ImageSource';
import { LocalImage } from '../../../src/entities/LocalImage';
import { deleteSources, upsertSources } from '../../../src/images/applyCatalog';
import type { SourceRow } from '../../../src/images/imageKinds';
import { deleteImageSource } from '../../../src/images/localImages';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';

function row(tags: string): SourceRow {
  return {
    type: 'Incus', name: 'Debian bookworm', distribution: 'debian', release: 'bookworm', tags, configured: 'FALSE',
    url: `http://127.0.0.1:9/${tags}.tar.xz`, username: null, uid: null, localFilename: null, digestSource: null,
    digestAlgorithm: 'SHA256', digestUrl: null, digest: tags.padEnd(64, '0').slice(0, 64).replace(/[^0-9a-f]/g, 'a'), size: 1, arch: 'amd64', fingerprint: null,
  };
}

/**
 * Deleting sources keeps their downloaded local images as orphans; orphans must keep unique Names (the
 * partial index `uq_LocalImage_Name_orphan`), so clashing ones are renamed with a part of their Id.
 * uuid v7 Ids made in the same minute share their first 8 characters: the random tail must be used.
 */
describe('deleting image sources: orphaned local images keep unique names', () => {
  let t: TempCatalog;
  beforeEach(async () => {
    t = await openTempCatalog();
  });
  afterEach(async () => t.dispose());

  async function downloaded(sourceId: string): Promise<string> {
    const id = uuidv7();
    await t.catalog.write((em) => em.insert(LocalImage, { id, imageSourceId: sourceId, name: 'Debian bookworm', state: 'Synced', localFilename: `sha256_${'1'.repeat(64)}.tar.xz` }));
    return id;
  }

  it('deletes several sources at once whose local images share a Name, next to an existing orphan of that Name', async () => {
    await t.catalog.write((em) => upsertSources(em, [row('a'), row('b'), row('c')], () => 'test#g'));
    const sources = await t.catalog.read((em) => em.find(ImageSource, { order: { tags: 'ASC' } }));
    assert.equal(sources.length, 3);
    // An orphan from an earlier deletion holds the plain name already.
    const first = await downloaded(sources[0].id);
    await deleteImageSource(t.catalog, sources[0].id);
    // Two more images of that name, made within the same millisecond range as the first.
    const second = await downloaded(sources[1].id);
    const third = await downloaded(sources[2].id);
    assert.equal(first.slice(0, 8), third.slice(0, 8), 'the Ids share their time prefix (the case this test is about)');

    const n = await t.catalog.write((em) => deleteSources(em, `"GroupTag" = ?`, ['test#g']));
    assert.equal(n, 2);
    const locals = await t.catalog.read((em) => em.find(LocalImage));
    assert.equal(locals.length, 3, 'a local image was lost');
    assert.ok(locals.every((l) => l.imageSourceId === null));
    assert.equal(new Set(locals.map((l) => l.name)).size, 3, JSON.stringify(locals.map((l) => l.name)));
    assert.equal(locals.find((l) => l.id === first)?.name, 'Debian bookworm', 'the existing orphan was renamed');
    for (const id of [second, third]) assert.match(locals.find((l) => l.id === id)?.name ?? '', /^Debian bookworm \[[0-9a-f]{12}\]$/);
  });
});
