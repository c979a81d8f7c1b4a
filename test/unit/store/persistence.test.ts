import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import { v7 } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import { openCatalog } from '../../../src/store/openCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { openTempCatalog } from '../../../src/store/openTempCatalog';

describe('catalog persistence', () => {
  let SQL: SqlJsStatic;
  let t: TempCatalog;
  before(async () => { SQL = await initSqlJs(); });
  beforeEach(async () => { t = await openTempCatalog(); });
  afterEach(async () => { await t.dispose(); });

  function urlsOnDisk(): Set<string> {
    const db = new SQL.Database(readFileSync(t.catalog.file));
    try {
      return new Set((db.exec(`SELECT url FROM registry`)[0]?.values ?? []).map((v) => String(v[0])));
    } finally {
      db.close();
    }
  }

  it('coalesces a burst of 100 writes into a few file writes, each acknowledged only once on disk', async () => {
    const before = t.catalog.saveCount;
    const notOnDiskAtAck: string[] = [];
    await Promise.all(Array.from({ length: 100 }, (_, i) => {
      const url = `burst${i}.example`;
      return t.catalog.write((em) => em.insert(Registry, { id: v7(), name: `r${i}`, url })).then(() => {
        if (!urlsOnDisk().has(url)) notOnDiskAtAck.push(url);
      });
    }));
    const saves = t.catalog.saveCount - before;
    assert.ok(saves >= 1 && saves <= 5, `a burst of 100 writes caused ${saves} file writes`);
    assert.deepEqual(notOnDiskAtAck, []);
    assert.equal(urlsOnDisk().size, 103);
  });

  it('acknowledges sequential writes only once each is on disk', async () => {
    for (let i = 0; i < 5; i++) {
      const url = `seq${i}.example`;
      await t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 's', url }));
      assert.ok(urlsOnDisk().has(url));
    }
  });

  it('reopens with everything written, and close() flushes', async () => {
    const writes = Array.from({ length: 10 }, (_, i) => t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: `c${i}.example` })));
    await t.catalog.close();
    await Promise.all(writes);
    const again = await openCatalog({ file: t.catalog.file, watch: false });
    try {
      assert.equal(await again.read((em) => em.count(Registry)), 13);
    } finally {
      await again.close();
    }
  });

  it('refuses use after close and nested access from inside a callback', async () => {
    await assert.rejects(
      t.catalog.read(() => t.catalog.read(async () => 1)),
      /called from inside a read\/write callback/,
    );
    // The queue is still usable afterwards.
    assert.equal(await t.catalog.read((em) => em.count(Registry)), 3);
    await t.catalog.close();
    await assert.rejects(t.catalog.read(async () => 1), /is closed/);
  });

  it('fires onDidChange({ external: false }) after a local write is saved', async () => {
    const seen: boolean[] = [];
    const sub = t.catalog.onDidChange((e) => seen.push(e.external));
    await t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'evt.example' }));
    sub.dispose();
    await t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'evt2.example' }));
    assert.deepEqual(seen, [false]);
  });

  it('says what a save covers when every write behind it did (WriteHint), and nothing when one did not', async () => {
    const seen: (readonly string[] | undefined)[] = [];
    const sub = t.catalog.onDidChange((e) => seen.push(e.touched));
    await t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'hint1.example' }), { touched: ['registry:a'] });
    // A burst shares one save: its event covers all three writes.
    await Promise.all([
      t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'hint2.example' }), { touched: ['registry:b'] }),
      t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'hint3.example' }), { touched: ['registry:c', 'registry:b'] }),
      t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'hint4.example' }), { touched: ['registry:d'] }),
    ]);
    // One write without a hint in a burst: the event cannot say what changed.
    await Promise.all([
      t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'hint5.example' }), { touched: ['registry:e'] }),
      t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'hint6.example' })),
    ]);
    // A hinted write that rolls back adds nothing.
    await assert.rejects(t.catalog.write(async () => { throw new Error('no'); }, { touched: ['registry:never'] }), /no/);
    await t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'hint7.example' }), { touched: ['registry:f'] });
    sub.dispose();
    const sets = seen.map((s) => (s ? [...s].sort() : undefined));
    assert.deepEqual(sets[0], ['registry:a']);
    assert.ok(sets.some((s) => s?.join() === 'registry:b,registry:c,registry:d'), JSON.stringify(sets));
    assert.ok(sets.includes(undefined), JSON.stringify(sets));
    assert.deepEqual(sets.at(-1), ['registry:f']);
    assert.ok(!sets.some((s) => s?.includes('registry:never')));
  });

  it('lets an onDidChange listener read the catalog (listeners run outside the queue)', async () => {
    let read: Promise<number> | undefined;
    const sub = t.catalog.onDidChange(() => { read ??= t.catalog.read((em) => em.count(Registry)); });
    await t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'listener.example' }));
    sub.dispose();
    assert.ok(read, 'the listener ran');
    assert.equal(await read, 4);
  });
});
