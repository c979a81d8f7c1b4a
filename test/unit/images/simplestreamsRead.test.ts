import * as assert from 'node:assert/strict';
import { readSimplestreams } from '../../../src/images/simplestreamsRead';
import { accessLogLines, accessLogSize, simplestreamsPeer, switchCatalog } from './simplestreamsPeer';

// The one reader behind the image-source refresh and LXD's outdated-image check, against the nginx peer:
// /ss/ sends ETags, /ss-noetag/ serves the same files without them.
describe('images: one conditional read of a simplestreams server (readSimplestreams, nginx peer)', () => {
  beforeEach(() => switchCatalog('a'));
  afterEach(() => switchCatalog('a'));

  /** The status nginx logged for each streams/ request after `mark` under `path`. */
  const statuses = async (mark: number, path: string, count: number): Promise<string[]> =>
    (await accessLogLines(mark, (l) => l.includes(`${path}/streams/`), count)).map((l) => / (\d{3}) /.exec(l)?.[1] ?? l);

  it('with ETags: every file is read once; the next read sends If-None-Match, gets 304s and says unchanged; a changed catalog is read in full', async () => {
    const server = `${simplestreamsPeer().url}/ss`;
    const first = await readSimplestreams(server, undefined);
    assert.equal(first.changed, true);
    if (!first.changed) return;
    assert.ok(first.products.length >= 1, 'the index names products files');
    assert.deepEqual(Object.keys(first.etags), [`${server}/streams/v1/index.json`, ...first.products.map((p) => p.url)]);
    assert.ok(Object.values(first.etags).every((e) => e.startsWith('"')), 'the server\'s own ETags are kept');

    const mark = accessLogSize();
    const second = await readSimplestreams(server, first.etags);
    assert.deepEqual(second, { changed: false, etags: first.etags });
    assert.deepEqual(await statuses(mark, '/ss', 1 + first.products.length), Array(1 + first.products.length).fill('304'));

    switchCatalog('b');
    const third = await readSimplestreams(server, first.etags);
    assert.equal(third.changed, true);
    assert.notDeepEqual(third.etags, first.etags);
  });

  it('without ETags: content hashes stand in, are never sent back as If-None-Match, and the same content reads as unchanged', async () => {
    const server = `${simplestreamsPeer().url}/ss-noetag`;
    const first = await readSimplestreams(server, undefined);
    assert.equal(first.changed, true);
    if (!first.changed) return;
    assert.ok(Object.values(first.etags).every((e) => /^sha256:[0-9a-f]{64}$/.test(e)), 'each file tagged by its sha256');

    const mark = accessLogSize();
    const second = await readSimplestreams(server, first.etags);
    assert.deepEqual(second, { changed: false, etags: first.etags });
    assert.deepEqual(await statuses(mark, '/ss-noetag', 1 + first.products.length), Array(1 + first.products.length).fill('200'), 'read in full, nothing conditional');

    switchCatalog('b');
    const third = await readSimplestreams(server, first.etags);
    assert.equal(third.changed, true);
    assert.notDeepEqual(third.etags, first.etags);
  });

  it('a products file that is not whole JSON is an error naming its URL', async () => {
    await assert.rejects(readSimplestreams(`${simplestreamsPeer().url}/ss-malformed`, undefined), /\/ss-malformed\/streams\/v1\/images\.json: malformed JSON/);
  });
});
