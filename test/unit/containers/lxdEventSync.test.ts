import * as assert from 'node:assert/strict';
import type { EngineContext } from '../../../src/containers/engineConnection';
import { EngineEventSync } from '../../../src/containers/engineEventSync';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { syncEngine } from '../../../src/containers/syncEngine';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { CountingProxy } from './countingProxy';
import { lxc, lxdPeer, testEngineContext } from './enginePeers';
import type { LxdPeer } from './enginePeers';
import { rowsChanged, until } from './eventSyncSuite';

describe('Event sync: LXD (real LXD 5.0, lifecycle events over a WebSocket)', function () {
  this.timeout(180_000);
  const NAME = 'ev-lxd';
  let peer: LxdPeer;
  let ctx: EngineContext;
  let t: TempCatalog;
  let proxy: CountingProxy;
  let engine: EngineRecord;
  // Instances and snapshots (`parent/snap`) alike.
  const names = async (): Promise<string[]> =>
    t.catalog.read(async (em) => ((await em.query('SELECT name FROM containers WHERE engine_id = ?', [engine.id])) as { name: string }[]).map((r) => r.name));
  const removeLeftover = (): void => {
    if (lxc(peer, ['list', '--format', 'csv', '-c', 'n']).split('\n').includes(NAME)) lxc(peer, ['delete', '-f', NAME]);
  };

  before(async () => {
    peer = lxdPeer();
    ctx = testEngineContext();
    removeLeftover();
    proxy = await new CountingProxy(peer.socket).listen();
    t = await openTempCatalog();
    engine = await addEngine(t.catalog, { kind: 'lxd', endpoint: proxy.socket, name: 'lxd-events' });
  });
  after(async () => {
    removeLeftover();
    await t?.dispose();
    proxy?.close();
  });

  it('reads instances with their snapshots in one call; a re-sync with nothing changed writes no row', async () => {
    const from = proxy.requests.length;
    await syncEngine(t.catalog, engine, ctx);
    const asked = proxy.requests.slice(from);
    assert.ok(asked.includes('GET /1.0/instances?recursion=2'), asked.join('\n'));
    assert.equal(asked.filter((r) => /\/snapshots/.test(r)).length, 0, 'no snapshot list per instance');
    const rows = await rowsChanged(t);
    const saves = t.catalog.saveCount;
    const r = await syncEngine(t.catalog, engine, ctx);
    assert.deepEqual(r.written, { instances: 0, removed: 0, sections: [], details: 0 });
    assert.equal(await rowsChanged(t), rows);
    assert.equal(t.catalog.saveCount, saves);
  });

  it('init, snapshot, start, stop and delete made with lxc reach the catalog by events alone', async () => {
    const sync = new EngineEventSync(t.catalog, engine, ctx, { quietMs: 200, maxWaitMs: 2_000 }).start();
    try {
      await until(() => sync.stats.gapSyncs === 1 && sync.stats.bursts === 1, 'the full sync after connecting');
      await sync.settled();
      const before = sync.stats.writes;
      lxc(peer, ['init', peer.imageAlias, NAME, '-p', 'default', '-c', 'user.via=events']);
      await until(async () => (await names()).includes(NAME), 'the new instance in the catalog');
      lxc(peer, ['snapshot', NAME, 's0']);
      await until(async () => (await names()).includes(`${NAME}/s0`), 'its snapshot in the catalog');
      lxc(peer, ['start', NAME]);
      const bursts = sync.stats.bursts;
      await until(() => sync.stats.bursts > bursts, 'the start applied');
      lxc(peer, ['delete', '-f', NAME]);
      await until(async () => !(await names()).some((n) => n === NAME || n.startsWith(`${NAME}/`)), 'the instance gone');
      await sync.settled();
      assert.equal(sync.stats.gapSyncs, 1, 'no further full sync');
      assert.equal(sync.stats.objectSyncs, 0);
      assert.ok(sync.stats.writes > before);
      assert.equal(sync.stats.errors, 0);
    } finally {
      sync.close();
    }
  });
});
