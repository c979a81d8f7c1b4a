import * as assert from 'node:assert/strict';
import { ImageSource } from '../../../src/entities/ImageSource';
import { ImageSourceCache } from '../../../src/entities/ImageSourceCache';
import { LocalImage } from '../../../src/entities/LocalImage';
import { downloadImageSource } from '../../../src/images/downloadImage';
import { facetsOf, filterValues, formatAge, ImageTreeModel, type ImageNode } from '../../../src/providers/images/imageTreeModel';
import { refreshSimplestreams } from '../../../src/images/refreshSimplestreams';
import { addServer } from '../../../src/images/serverList';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { changedChildren } from '../../../src/providers/platform/changedChildren';
import { imageTreeSourceFromSummary } from '../../../src/providers/images/imageTreeSource';
import { readImageSourceRows } from '../../../src/images/readImageSourceRows';
import { readImageTreeData } from '../../../src/images/readImageTreeData';
import { readImageTreeSummary } from '../../../src/images/readImageTreeSummary';
import type { ViewQuery } from '../../../src/shared/viewQuery';
import { simplestreamsPeer, switchCatalog, tempDir } from './simplestreamsPeer';

describe('images: tree model over a refreshed catalog', () => {
  let t: TempCatalog;
  const load = (): Promise<{ sources: ImageSource[]; locals: LocalImage[]; caches: ImageSourceCache[] }> => t.catalog.read(async (em) => ({
    sources: await em.find(ImageSource), locals: await em.find(LocalImage), caches: await em.find(ImageSourceCache),
  }));
  const labels = (nodes: ImageNode[]): string[] => nodes.map((n) => ('label' in n ? n.label : 'distribution' in n ? n.distribution : n.id));

  beforeEach(async () => {
    switchCatalog('a');
    t = await openTempCatalog();
    await addServer(t.catalog, `${simplestreamsPeer().url}/ss`, []);
  });
  afterEach(async () => {
    switchCatalog('a');
    await t.dispose();
  });

  it('an empty catalog has no nodes (the view shows its welcome content)', async () => {
    assert.deepEqual(ImageTreeModel.fromRows(await load(), {}, 0).roots(), []);
  });

  it('tells which nodes a change redraws: a state, a count or a percentage only those nodes; a new row the whole tree', async () => {
    const now = 1_900_000_000;
    await refreshSimplestreams(t.catalog, { force: true, now: () => now - 3600 });
    const s = (await load()).sources.find((x) => x.distribution === 'alpine' && facetsOf(x).release === '3.20' && facetsOf(x).arch === 'amd64')!;
    // Model a drawn with every group open, then refreshed to model b: the ids of the rows to redraw.
    const changes = async (a: ImageTreeModel, b: ImageTreeModel) => {
      const given = new Map<string, ImageNode[]>();
      const byId = new Map<string, ImageNode>();
      const open = async (parentId: string, children: ImageNode[]): Promise<void> => {
        given.set(parentId, children);
        for (const c of children) {
          byId.set(c.id, c);
          await open(c.id, await a.children(c));
        }
      };
      await open('', a.roots());
      const changed = await changedChildren(given, (id) => (id === '' ? b.roots() : b.children(byId.get(id)!)), (n) => a.look(n), (n) => b.look(n));
      return changed?.map(([held]) => held.id);
    };

    const empty = ImageTreeModel.fromRows(await load(), {}, now);
    assert.deepEqual(await changes(empty, ImageTreeModel.fromRows(await load(), {}, now)), [], 'nothing changed');
    // The first local image adds a group: the structure changed, so the whole tree is redrawn.
    await downloadImageSource(t.catalog, tempDir('cc-images-'), s.id);
    const downloaded = ImageTreeModel.fromRows(await load(), {}, now);
    assert.equal(await changes(empty, downloaded), undefined);
    // The local copy found outdated: its row, its source and the group's count; nothing else.
    const local = (await load()).locals[0];
    await t.catalog.write((em) => em.update(LocalImage, { id: local.id }, { state: 'Outdated' }));
    const outdated = ImageTreeModel.fromRows(await load(), {}, now);
    assert.deepEqual((await changes(downloaded, outdated))?.sort(), [`local:${local.id}`, 'local', `source:${s.id}`].sort());
    // Download progress on one source: that source alone. An hour later: the type's age as well.
    const progress = new Map<string, number | null>([[s.id, 40]]);
    const before = ImageTreeModel.fromRows(await load(), {}, now, new Map());
    assert.deepEqual(await changes(before, ImageTreeModel.fromRows(await load(), {}, now, progress)), [`source:${s.id}`]);
    assert.deepEqual(await changes(before, before.at(now + 3600)), ['type:Incus']);
    // A filter hides rows: the structure changed.
    assert.equal(await changes(before, ImageTreeModel.fromRows(await load(), { fields: { arch: 'arm64' } }, now)), undefined);
  });

  it('groups type → distribution → release/variant/arch, with size, age and Outdated markers', async () => {
    const now = 1_900_000_000;
    await refreshSimplestreams(t.catalog, { force: true, now: () => now - 3 * 3600 });
    const images = tempDir('cc-images-');
    const s = (await load()).sources.find((x) => x.distribution === 'alpine' && facetsOf(x).release === '3.20' && facetsOf(x).arch === 'amd64')!;
    await downloadImageSource(t.catalog, images, s.id);
    switchCatalog('b');
    await refreshSimplestreams(t.catalog, { force: true, now: () => now - 3 * 3600 });

    const model = ImageTreeModel.fromRows(await load(), {}, now);
    const roots = model.roots();
    assert.deepEqual(roots.map((r) => r.type), ['sourceType', 'localGroup']);
    const incus = roots[0] as Extract<ImageNode, { type: 'sourceType' }>;
    assert.equal(model.describeType(incus), '9 · refreshed 3 h ago');
    assert.deepEqual(labels(await model.children(incus)), ['alpine', 'debian']);
    const alpine = (await model.children(incus))[0];
    const leaves = (await model.children(alpine)) as Extract<ImageNode, { type: 'source' }>[];
    assert.deepEqual(leaves.map((l) => l.label), [
      '3.19 · default · amd64', '3.19 · default · arm64', '3.20 · default · amd64', '3.20 · default · arm64', '3.21 · default · amd64']);
    const outdated = leaves.find((l) => l.sourceId === s.id)!;
    assert.match(outdated.description, /^\d+(\.\d)? (KB|MB) · @127\.0\.0\.1:\d+\/ss · ⚠ local copy outdated$/);
    assert.equal(outdated.localState, 'Outdated');
    const local = (await model.children(roots[1])) as Extract<ImageNode, { type: 'local' }>[];
    assert.equal(local.length, 1);
    assert.match(local[0].description, /^⚠ Outdated · /);
    assert.equal(formatAge(null, now), 'never refreshed');
  });

  it('filters offer exactly the values shown, and apply to the tree', async () => {
    await refreshSimplestreams(t.catalog, { force: true });
    const data = await load();
    assert.deepEqual(filterValues(data.sources, {}, 'os'), ['alpine', 'debian']);
    assert.deepEqual(filterValues(data.sources, {}, 'arch'), ['amd64', 'arm64']);
    assert.deepEqual(filterValues(data.sources, { os: 'debian' }, 'variant'), ['cloud', 'default', 'wrongsum']);
    assert.deepEqual(filterValues(data.sources, { os: 'alpine' }, 'release'), ['3.19', '3.20']);
    const model = ImageTreeModel.fromRows(data, { fields: { arch: 'arm64' } }, 0);
    const [filter, incus] = model.roots();
    assert.equal(filter.type, 'filter');
    assert.equal((filter as { label: string }).label, 'Filter: arch=arm64');
    const shown = (await Promise.all((await model.children(incus)).map((d) => model.children(d)))).flat() as Extract<ImageNode, { type: 'source' }>[];
    assert.equal(shown.length, 2);
    // Every value a filter offers appears in a label of the unfiltered tree.
    const all = ImageTreeModel.fromRows(data, {}, 0);
    const distributions = (await Promise.all(all.roots().map((r) => all.children(r)))).flat();
    const allLabels = (await Promise.all(distributions.map(async (d) => [('distribution' in d ? d.distribution : ''), ...(await all.children(d)).map((l) => ('label' in l ? l.label : ''))]))).flat().join('\n');
    for (const field of ['os', 'release', 'variant', 'arch'] as const) {
      for (const v of filterValues(data.sources, {}, field)) assert.ok(allLabels.includes(v), `${field}=${v} is shown`);
    }
  });

  it('the unfiltered tree drawn from counts and one distribution at a time is the tree drawn from every row', async () => {
    const now = 1_900_000_000;
    // Two servers offering the same product: rows whose labels are equal, so their order is the read order.
    await addServer(t.catalog, `${simplestreamsPeer().url}/ss2`, []);
    await refreshSimplestreams(t.catalog, { force: true, now: () => now - 60 });
    const s = (await load()).sources.find((x) => x.distribution === 'alpine' && facetsOf(x).release === '3.20' && facetsOf(x).arch === 'amd64')!;
    await downloadImageSource(t.catalog, tempDir('cc-images-'), s.id);
    const reads: string[] = [];
    const tree = async (m: ImageTreeModel): Promise<unknown[]> => {
      const walk = async (nodes: ImageNode[]): Promise<unknown[]> =>
        Promise.all(nodes.map(async (n) => [m.look(n), await walk(await m.children(n))]));
      return walk(m.roots());
    };
    const queries: ViewQuery[] = [{}, { sort: 'updated' }, { group: 'distribution' }, { group: 'distribution', sort: 'updated' }];
    for (const query of queries) {
      const lazy = new ImageTreeModel(imageTreeSourceFromSummary(await readImageTreeSummary(t.catalog), query, (type, distribution) => {
        reads.push(`${type}/${distribution}`);
        return readImageSourceRows(t.catalog, { type: type || undefined, distribution });
      }), query, now);
      const whole = ImageTreeModel.fromRows(await readImageTreeData(t.catalog), query, now);
      assert.deepEqual(await tree(lazy), await tree(whole), JSON.stringify(query));
    }
    // The distributions were read as they were opened, each alone.
    assert.deepEqual(reads.slice(0, 2).sort(), ['Incus/alpine', 'Incus/debian']);
    assert.ok(reads.includes('/alpine'), 'grouped by distribution, a distribution is read across types');
    assert.throws(() => imageTreeSourceFromSummary({ counts: [], locals: [], caches: [] }, { text: 'x' }, async () => []), /filtered/);
  });
});
