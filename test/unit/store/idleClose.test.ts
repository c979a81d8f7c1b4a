import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { v7 } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import type { CatalogStore } from '../../../src/store/CatalogStore';
import { forgetSqlJs, loadSqlJs } from '../../../src/store/loadSqlJs';
import { openCatalog } from '../../../src/store/openCatalog';

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Resolves once `c` has closed its database for idleness (polled: the close runs on its own timer). */
async function asleep(c: CatalogStore): Promise<void> {
  while (!c.dormant) await new Promise((r) => setTimeout(r, 5));
}

const addRegistry = (c: CatalogStore, url: string): Promise<unknown> => c.write((em) => em.insert(Registry, { id: v7(), name: 'idle', url }));
const count = (c: CatalogStore): Promise<number> => c.read((em) => em.countBy(Registry, { name: 'idle' }));

describe('catalog idle close (Wsl-Manager closes its database after 3 idle minutes)', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-idle-'));
    file = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('closes after the idle time with everything saved, and reopens transparently on the next read and write', async () => {
    const c = await openCatalog({ file, watch: false, log: quiet, idleCloseMs: 20 });
    try {
      await addRegistry(c, 'one.example');
      await asleep(c);
      const closes = c.idleCloseCount;
      assert.ok(closes >= 1);
      const onDisk = readFileSync(file);
      assert.equal(await count(c), 1, 'a read reopens it');
      assert.equal(c.dormant, false);
      assert.ok(readFileSync(file).equals(onDisk), 'reopening writes nothing');
      await asleep(c);
      // A burst of writes arriving while it is closed: the first reopens it, all land, none is lost.
      await Promise.all(Array.from({ length: 50 }, (_, i) => addRegistry(c, `burst-${i}.example`)));
      assert.equal(await count(c), 51);
      assert.ok(c.idleCloseCount > closes);
    } finally {
      await c.close();
    }
    const again = await openCatalog({ file, watch: false, log: quiet });
    assert.equal(await count(again), 51);
    await again.close();
  });

  it('lets go of sql.js\'s module (its WebAssembly memory never shrinks) and of the file\'s bytes, and reopens with a new module', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // A module of its own: catalogs other tests left open hold the one loaded before.
    forgetSqlJs();
    const c = await openCatalog({ file, watch: false, log: quiet, idleCloseMs: 20 });
    try {
      await addRegistry(c, 'one.example');
      // TypeORM would keep the bytes it was opened with for the life of the catalog: a second copy of the file.
      const ds = (c as unknown as { ds: { options: { database?: unknown }; driver: { database?: unknown } } }).ds;
      assert.equal(ds.options.database, undefined);
      assert.equal(ds.driver.database, undefined);
      const collected: string[] = [];
      const registry = new FinalizationRegistry((what: string) => collected.push(what));
      registry.register(await loadSqlJs(), 'module');
      await asleep(c);
      for (let i = 0; i < 50 && !collected.length; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.deepEqual(collected, ['module'], 'nothing holds the module of the closed database');
      const fresh = await loadSqlJs();
      assert.equal(await count(c), 1, 'a read reopens it, with a new module');
      assert.equal(await loadSqlJs(), fresh, 'the module is loaded once per wake, not per call');
    } finally {
      await c.close();
    }
  });

  it('writes racing the idle timer, over and over, all land', async () => {
    const c = await openCatalog({ file, watch: false, log: quiet, idleCloseMs: 1 });
    try {
      let n = 0;
      for (let round = 0; round < 40; round++) {
        // Waiting about as long as the idle time: some writes arrive just before the close, some during, some after.
        await new Promise((r) => setTimeout(r, round % 4));
        await Promise.all([addRegistry(c, `r${round}a.example`), addRegistry(c, `r${round}b.example`)]);
        n += 2;
      }
      assert.ok(c.idleCloseCount > 0, 'the store did close for idleness in between');
      assert.equal(await count(c), n);
    } finally {
      await c.close();
    }
    const again = await openCatalog({ file, watch: false, log: quiet });
    assert.equal(await count(again), 80);
    await again.close();
  });

  it('sees what another process saved while it was closed, and says so through onDidChange', async () => {
    const a = await openCatalog({ file, watch: false, log: quiet, idleCloseMs: 20 });
    try {
      let external = 0;
      a.onDidChange((e) => { if (e.external) external++; });
      await asleep(a);
      const b = await openCatalog({ file, watch: false, log: quiet });
      await addRegistry(b, 'from-b.example');
      await b.close();
      assert.equal(await count(a), 1);
      assert.equal(external, 1);
      await addRegistry(a, 'from-a.example');
      assert.equal(await count(a), 2);
    } finally {
      await a.close();
    }
  });

  it('a file damaged while closed is an error on reopen, and is not overwritten', async () => {
    const c = await openCatalog({ file, watch: false, log: quiet, idleCloseMs: 20 });
    try {
      await addRegistry(c, 'kept.example');
      await asleep(c);
      writeFileSync(file, 'not a database any more');
      await assert.rejects(count(c), /catalog\.db cannot be reopened after an idle close: it was damaged by another program \(no SQLite header\)/);
      await assert.rejects(addRegistry(c, 'lost.example'), /cannot be reopened after an idle close/);
      assert.equal(readFileSync(file, 'utf8'), 'not a database any more');
    } finally {
      await c.close();
    }
  });

  it('0 turns it off, and a new value applies at once', async () => {
    const c = await openCatalog({ file, watch: false, log: quiet, idleCloseMs: 0 });
    try {
      await addRegistry(c, 'x.example');
      c.setIdleClose(10);
      await asleep(c);
      assert.equal(await count(c), 1);
      c.setIdleClose(0);
      await addRegistry(c, 'y.example');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(c.dormant, false, 'with 0 it stays open');
    } finally {
      await c.close();
    }
  });
});
