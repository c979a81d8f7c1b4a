import * as assert from 'node:assert/strict';
import { listContainers } from '../../../src/containers/catalogReads';
import type { EngineContext } from '../../../src/containers/engineConnection';
import { EngineEventSync } from '../../../src/containers/engineEventSync';
import type { RereadEvents } from '../../../src/containers/engineEventSync';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { syncEngine } from '../../../src/containers/syncEngine';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { CountingProxy } from './countingProxy';
import { testEngineContext } from './enginePeers';
import type { EngineApiPeer } from './enginePeers';

export interface EventEngineUnderTest {
  readonly title: string;
  readonly kind: 'podman' | 'docker';
  readonly prefix: string;
  peer(): EngineApiPeer;
  cli(args: string[]): string;
  /**
   * Kills and restarts the engine's API service. Without it (the Docker peer can only hide its socket,
   * which leaves open connections alive) the engine is reached through a proxy that is killed instead.
   */
  service?(action: 'service-stop' | 'service-start'): void;
}

/** Waits for a condition the code under test brings about (never asserts on how long it took). */
export async function until(cond: () => boolean | Promise<boolean>, what: string, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`Gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Rows SQLite changed on the catalog's connection so far (inserts, updates, deletes). */
export async function rowsChanged(t: TempCatalog): Promise<number> {
  return t.catalog.read(async (em) => Number(((await em.query('SELECT total_changes() AS n')) as { n: number }[])[0].n));
}

/**
 * Sync by list calls and events against a real Docker-API engine: requests and rows are counted, and
 * every change made through the engine's own CLI must reach the catalog through the event stream alone.
 */
export function describeEventSync(e: EventEngineUnderTest): void {
  describe(e.title, function () {
    this.timeout(240_000);
    let peer: EngineApiPeer;
    let ctx: EngineContext;
    const names = (n: number, tag: string): string[] => Array.from({ length: n }, (_, i) => `${e.prefix}${tag}${i}`);
    const cleanup = (list: string[]): void => {
      const present = new Set(e.cli(['ps', '-a', '--format', '{{.Names}}']).split('\n'));
      const gone = list.filter((n) => present.has(n));
      if (gone.length) e.cli(['rm', '-f', ...gone]);
    };
    const catalogNames = async (t: TempCatalog, engine: EngineRecord): Promise<string[]> =>
      (await t.catalog.read((em) => listContainers(em, engine.id))).map((r) => r.name);

    before(() => {
      peer = e.peer();
      ctx = testEngineContext();
    });

    describe('full sync from list calls', function () {
      let t: TempCatalog;
      let proxy: CountingProxy;
      let engine: EngineRecord;
      before(async () => {
        proxy = await new CountingProxy(peer.socket).listen();
        t = await openTempCatalog();
        engine = await addEngine(t.catalog, { kind: e.kind, endpoint: proxy.socket, name: `${e.kind}-counted` });
      });
      after(async () => {
        cleanup([`${e.prefix}cnt`]);
        await t?.dispose();
        proxy?.close();
      });

      it('inspects each container once, then a re-sync with nothing changed makes only list calls and writes no row', async () => {
        const listedBefore = e.cli(['ps', '-a', '-q']).split('\n').filter(Boolean).length;
        let from = proxy.requests.length;
        await syncEngine(t.catalog, engine, ctx);
        assert.equal(proxy.count(/\/containers\/[^/]+\/json/, from), listedBefore, 'first sync: one inspect per container');

        from = proxy.requests.length;
        const rows = await rowsChanged(t);
        const saves = t.catalog.saveCount;
        const r = await syncEngine(t.catalog, engine, ctx);
        assert.deepEqual(proxy.requests.slice(from).map((q) => q.replace(/\?.*$/, '').replace(/^GET \/v[\d.]+/, 'GET ')).sort(), [
          'GET /images/json',
          'GET /volumes',
          // Podman: its own lists only (the compat container list beside them would be read for nothing).
          ...(e.kind === 'podman' ? ['GET /libpod/networks/json', 'GET /libpod/containers/json'] : ['GET /networks', 'GET /containers/json']),
        ].sort());
        assert.deepEqual(r.written, { instances: 0, removed: 0, sections: [], details: 0 });
        assert.equal(await rowsChanged(t), rows, 'no row written');
        assert.equal(t.catalog.saveCount, saves, 'no save');
      });

      it('a change in one container inspects and writes that container only', async () => {
        e.cli(['create', '--name', `${e.prefix}cnt`, '--label', 'n=1', peer.image, '/bin/true']);
        const from = proxy.requests.length;
        const r = await syncEngine(t.catalog, engine, ctx);
        assert.equal(proxy.count(/\/containers\/[^/]+\/json/, from), 1);
        // Its row from the lists, then its details (env…) once inspected: one container, written twice.
        assert.deepEqual(r.written, { instances: 1, removed: 0, sections: [], details: 1 });
        assert.ok((await catalogNames(t, engine)).includes(`${e.prefix}cnt`));
        e.cli(['rm', `${e.prefix}cnt`]);
        const gone = await syncEngine(t.catalog, engine, ctx);
        assert.deepEqual(gone.written, { instances: 0, removed: 1, sections: [], details: 0 });
      });
    });

    describe('one container started and stopped: what a burst reads and writes', function () {
      let t: TempCatalog;
      let proxy: CountingProxy;
      let engine: EngineRecord;
      let sync: EngineEventSync;
      const n = `${e.prefix}rr`;
      /** Each re-read the sync reported, with the catalog's save count at that moment. */
      const rereads: { states: RereadEvents['states']; savesThen: number }[] = [];
      before(async () => {
        cleanup([n]);
        e.cli(['create', '--name', n, peer.image, '/bin/sh', '-c', 'trap "exit 0" TERM; while sleep 1; do :; done']);
        proxy = await new CountingProxy(peer.socket).listen();
        t = await openTempCatalog();
        engine = await addEngine(t.catalog, { kind: e.kind, endpoint: proxy.socket, name: `${e.kind}-reread` });
        sync = new EngineEventSync(t.catalog, engine, ctx, { onReread: (r) => rereads.push({ states: r.states, savesThen: t.catalog.saveCount }) }).start();
        await until(() => sync.stats.gapSyncs === 1 && sync.stats.bursts === 1, 'the first full sync after connecting');
        await sync.settled();
      });
      after(async () => {
        sync?.close();
        proxy?.close();
        cleanup([n]);
        await t?.dispose();
      });

      /** The requests since `from`, without the API version prefix and query. */
      const since = (from: number): string[] => proxy.requests.slice(from).map((q) => q.replace(/\?.*$/, '').replace(/^(\w+) \/v[\d.]+/, '$1 '));

      it('a start is re-read by inspecting that container alone; its state is handed over before the write is saved', async () => {
        const from = proxy.requests.length;
        const bursts = sync.stats.bursts;
        const saves = t.catalog.saveCount;
        const seen = rereads.length;
        e.cli(['start', n]);
        await until(() => rereads.slice(seen).some((r) => r.states?.get(n)?.running === true), 'the running state handed over');
        await sync.settled();
        const reqs = since(from);
        assert.ok(reqs.length >= 1, 'at least one inspect');
        // Podman reports init and start apart: one inspect per burst, and nothing else (no list, no version).
        assert.deepEqual(reqs, reqs.map(() => `GET /containers/${n}/json`), JSON.stringify(reqs));
        assert.equal(reqs.length, sync.stats.bursts - bursts, 'one inspect per burst');
        const running = rereads.slice(seen).find((r) => r.states?.get(n)?.running)!;
        assert.equal(running.savesThen, saves, 'handed over before the start time was saved');
        assert.equal(t.catalog.saveCount, saves + 1, 'the start time (last use) written in one save');
      });

      it('a stop changes nothing stored: one inspect per burst, its state handed over, no row written', async () => {
        const from = proxy.requests.length;
        const bursts = sync.stats.bursts;
        const rows = await rowsChanged(t);
        const saves = t.catalog.saveCount;
        const seen = rereads.length;
        e.cli(['stop', '-t', '0', n]);
        await until(() => rereads.slice(seen).some((r) => r.states?.get(n)?.running === false), 'the stopped state handed over');
        await sync.settled();
        const reqs = since(from);
        assert.deepEqual(reqs, reqs.map(() => `GET /containers/${n}/json`), JSON.stringify(reqs));
        assert.equal(reqs.length, sync.stats.bursts - bursts, 'one inspect per burst');
        assert.equal(await rowsChanged(t), rows, 'no row written');
        assert.equal(t.catalog.saveCount, saves, 'no save');
        assert.equal(sync.stats.gapSyncs + sync.stats.objectSyncs, 1, 'no full sync');
      });
    });

    describe('events alone (no polling)', function () {
      let t: TempCatalog;
      let engine: EngineRecord;
      let sync: EngineEventSync;
      let proxy: CountingProxy | undefined;
      const burst = names(20, 'burst');
      before(async () => {
        cleanup([`${e.prefix}ev`, `${e.prefix}down`, ...burst]);
        t = await openTempCatalog();
        if (!e.service) proxy = await new CountingProxy(peer.socket).listen();
        engine = await addEngine(t.catalog, { kind: e.kind, endpoint: proxy?.socket ?? peer.socket, name: `${e.kind}-events` });
        sync = new EngineEventSync(t.catalog, engine, ctx, { quietMs: 300, maxWaitMs: 3_000, minDelayMs: 200, maxDelayMs: 1_000 }).start();
        await until(() => sync.stats.gapSyncs === 1 && sync.stats.bursts === 1, 'the first full sync after connecting');
        await sync.settled();
      });
      after(async () => {
        sync?.close();
        proxy?.close();
        cleanup([`${e.prefix}ev`, `${e.prefix}down`, ...burst]);
        await t?.dispose();
      });

      it('create, start, stop and remove made with the CLI reach the catalog by events, with no further full sync', async () => {
        const n = `${e.prefix}ev`;
        const lastUse = async (): Promise<string | null> =>
          t.catalog.read(async (em) => ((await em.query('SELECT last_use_date AS d FROM containers WHERE engine_id = ? AND name = ?', [engine.id, n])) as { d: string | null }[])[0]?.d ?? null);
        e.cli(['create', '--name', n, '--label', 'via=events', peer.image, '/bin/sh', '-c', 'trap "exit 0" TERM; while sleep 1; do :; done']);
        await until(async () => (await catalogNames(t, engine)).includes(n), 'the created container in the catalog');
        assert.equal(await lastUse(), null);
        e.cli(['start', n]);
        await until(async () => (await lastUse()) !== null, 'the start time in the catalog');
        // Podman reports an image "pull" on every create, which asks for an (objects) sync: from here on
        // only container events may do the work.
        await sync.settled();
        const objectSyncs = sync.stats.objectSyncs;
        const applied = sync.stats.bursts;
        e.cli(['stop', '-t', '1', n]);
        await until(() => sync.stats.bursts > applied, 'the stop applied');
        e.cli(['rm', n]);
        await until(async () => !(await catalogNames(t, engine)).includes(n), 'the removed container gone from the catalog');
        assert.equal(sync.stats.gapSyncs, 1, 'only the full sync after connecting');
        assert.equal(sync.stats.objectSyncs, objectSyncs, 'start, stop and remove applied as container re-reads');
        assert.equal(sync.stats.errors, 0);
      });

      it('a burst of over 100 events is applied in a few writes', async () => {
        for (const n of burst) e.cli(['create', '--name', n, peer.image, '/bin/sh', '-c', 'trap "exit 0" TERM; while sleep 1; do :; done']);
        await until(async () => (await catalogNames(t, engine)).filter((n) => burst.includes(n)).length === burst.length, 'the burst containers created');
        await sync.settled();
        const before = { ...sync.stats };
        e.cli(['start', ...burst]);
        e.cli(['restart', '-t', '0', ...burst]);
        e.cli(['rm', '-f', ...burst]);
        await until(async () => (await catalogNames(t, engine)).every((n) => !burst.includes(n)), 'the burst containers removed');
        await sync.settled();
        const events = sync.stats.events - before.events;
        const writes = sync.stats.writes - before.writes;
        assert.ok(events >= 100, `events: ${events}`);
        assert.ok(writes <= 6, `${events} events took ${writes} writes`);
        assert.equal(sync.stats.gapSyncs + sync.stats.objectSyncs, before.gapSyncs + before.objectSyncs, 'no full sync');
      });

      it('after the API service is killed and restarted, the stream resumes with exactly one full sync', async () => {
        const before = { ...sync.stats };
        if (e.service) e.service('service-stop');
        else await proxy!.stop();
        try {
          await until(() => sync.stats.disconnects > before.disconnects, 'the stream noticing the service is gone');
          e.cli(['create', '--name', `${e.prefix}down`, peer.image, '/bin/true']);
        } finally {
          if (e.service) e.service('service-start');
          else await proxy!.listen();
        }
        await until(() => sync.stats.connects === before.connects + 1, 'the stream reconnecting');
        await until(() => sync.stats.gapSyncs === before.gapSyncs + 1, 'one full sync after the gap');
        await sync.settled();
        assert.ok((await catalogNames(t, engine)).includes(`${e.prefix}down`), 'the change made while the stream was down');
        assert.equal(sync.stats.gapSyncs, before.gapSyncs + 1);
        assert.equal(sync.stats.connects, before.connects + 1);
        // And events flow again.
        e.cli(['create', '--name', `${e.prefix}ev`, peer.image, '/bin/true']);
        await until(async () => (await catalogNames(t, engine)).includes(`${e.prefix}ev`), 'an event after the reconnection');
        assert.equal(sync.stats.gapSyncs, before.gapSyncs + 1);
        assert.equal(sync.stats.connects, before.connects + 1);
      });
    });
  });
}
