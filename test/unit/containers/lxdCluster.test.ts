import * as assert from 'node:assert/strict';
import { ContainerActions } from '../../../src/containers/containerActions';
import { listContainerSummaries } from '../../../src/containers/containerSummaries';
import { openEngine } from '../../../src/containers/engineConnection';
import type { EngineContext } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { findContainersUsing } from '../../../src/containers/findContainersUsing';
import { readLiveStates } from '../../../src/containers/liveState';
import { changeMemberState, listClusterMembers, moveInstanceToMember, type ClusterMember } from '../../../src/containers/lxdCluster';
import { syncEngine } from '../../../src/containers/syncEngine';
import { ContainerTreeModel } from '../../../src/providers/containers/containerTreeModel';
import type { ContainerTreeNode } from '../../../src/providers/containers/containerTreeNodes';
import type { Catalog } from '../../../src/store/catalog';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { clusterMember, lxdClusterPeer, testEngineContext } from './enginePeers';
import type { LxdClusterPeer } from './enginePeers';

type MemberNode = Extract<ContainerTreeNode, { type: 'member' }>;

describe('LXD cluster (real three-member LXD 5.0 cluster on 127.0.0.2-4)', function () {
  let peer: LxdClusterPeer;
  let t: TempCatalog;
  let ctx: EngineContext;
  let engine: EngineRecord;
  const MADE = ['t-on-m2', 't-on-m3'];

  /** Where each instance lives, as the cluster says now. */
  const locations = async (): Promise<Map<string, string | undefined>> => {
    const conn = await openEngine(engine, ctx);
    try {
      return new Map([...(await readLiveStates(conn))].map(([n, s]) => [n, s.location]));
    } finally {
      conn.close();
    }
  };
  const members = async (): Promise<ClusterMember[]> => (await listClusterMembers(engine, ctx))!;
  const rows = async (): Promise<string[]> => (await listContainerSummaries(t.catalog, { engineId: engine.id })).map((c) => c.name).sort();
  const removeMade = async (): Promise<void> => {
    const actions = new ContainerActions(t.catalog, ctx);
    for (const n of MADE) await actions.delete(engine, n).catch(() => undefined);
  };

  before(async () => {
    peer = lxdClusterPeer();
    t = await openTempCatalog();
    ctx = testEngineContext();
    engine = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.socket, name: 'cluster' });
    await removeMade();
  });
  after(async () => {
    // A failed test must not leave a member down or evacuated for the next suite.
    clusterMember(peer, 'start-member', 'm3');
    for (const m of await members().catch(() => [])) if (m.status === 'Evacuated') await changeMemberState(t.catalog, engine, ctx, { member: m.name, action: 'restore' }).catch(() => undefined);
    await removeMade();
    await t?.dispose();
  });

  it('reads the members live: names, URLs on 127.0.0.2-4, roles and status', async () => {
    const ms = await members();
    assert.deepEqual(ms.map((m) => m.name), peer.members);
    assert.deepEqual(ms.map((m) => new URL(m.url).hostname), ['127.0.0.2', '127.0.0.3', '127.0.0.4']);
    assert.ok(ms.every((m) => m.online && m.status === 'Online'), JSON.stringify(ms));
    assert.ok(ms.some((m) => m.roles.includes('database-leader')), 'one member leads the database');
  });

  it('one sync mirrors the instances of every member, and used-by answers cover the whole cluster', async () => {
    const r = await syncEngine(t.catalog, engine, ctx);
    assert.ok(r, 'synced');
    assert.deepEqual(await rows(), [...peer.containers].sort());
    const where = await locations();
    for (const m of peer.members) assert.equal(where.get(`c-${m}`), m, `c-${m} lives on ${m}`);
    const users = await findContainersUsing(t.catalog, { kind: 'profile', name: 'default', engineId: engine.id });
    assert.deepEqual(users.map((u) => u.name).sort(), [...peer.containers].sort(), 'profile default is used on all three members');
  });

  it('the tree reads the engine\'s containers once per refresh: its members\' children come from that listing (catalog reads counted)', async () => {
    await syncEngine(t.catalog, engine, ctx);
    let reads = 0;
    // The real catalog, with its reads counted (each listing of the catalog is one read).
    const counted = new Proxy(t.catalog, {
      get(target, prop): unknown {
        if (prop === 'read') return (fn: Parameters<Catalog['read']>[0]) => (reads++, target.read(fn));
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const model = new ContainerTreeModel(async () => counted, ctx);
    const root = (await model.children()).find((n) => n.type === 'engine' && n.engine.name === 'cluster')!;
    // As a refresh walks what VS Code holds: the engine, then each member shown under it.
    let at = reads;
    const kids = await model.children(root);
    const engineReads = reads - at;
    const groups = kids.filter((n): n is MemberNode => n.type === 'member');
    assert.deepEqual(groups.map((g) => g.member.name), peer.members);
    assert.ok(engineReads > 0, 'the engine\'s listing reads the catalog');
    at = reads;
    for (const g of groups) {
      const placed = await model.children(g);
      assert.deepEqual(placed.map((c) => c.id), g.containers.map((c) => c.id), `${g.member.name}'s children are its listed containers`);
    }
    assert.equal(reads - at, 0, 'the members\' children cost no read of their own');
    assert.deepEqual(groups.flatMap((g) => g.containers.map((c) => c.name)).sort(), [...peer.containers].sort());
    // A refresh that asks the engines again (live state invalidated): the first member lists the engine once,
    // the others share it.
    model.invalidateLive();
    at = reads;
    await model.children(groups[0]);
    const first = reads - at;
    at = reads;
    await model.children(groups[1]);
    await model.children(groups[2]);
    assert.ok(first > 0 && first <= engineReads + 1, `the first member read the listing once (${first} reads, the engine's ${engineReads})`);
    assert.equal(reads - at, 0, 'the other members read nothing');
  });

  it('creates instances on the member asked for (?target=)', async () => {
    const actions = new ContainerActions(t.catalog, ctx);
    await actions.create(engine, { name: MADE[0], image: peer.imageAlias, target: 'm2' });
    await actions.create(engine, { name: MADE[1], image: peer.imageAlias, target: 'm3' });
    const where = await locations();
    assert.equal(where.get(MADE[0]), 'm2');
    assert.equal(where.get(MADE[1]), 'm3');
    assert.ok((await rows()).includes(MADE[0]) && (await rows()).includes(MADE[1]), 'the catalog has both');
    await assert.rejects(actions.create(engine, { name: 't-nowhere', image: peer.imageAlias, target: 'm9' }), /m9/);
    assert.ok(!(await rows()).includes('t-nowhere'), 'nothing half-made');
  });

  it('moves a stopped instance to a target member; refuses an unknown member and the member it is on', async () => {
    await moveInstanceToMember(t.catalog, engine, ctx, { name: MADE[0], target: 'm1' });
    assert.equal((await locations()).get(MADE[0]), 'm1');
    assert.ok((await rows()).includes(MADE[0]), 'still one row in the catalog');
    await assert.rejects(moveInstanceToMember(t.catalog, engine, ctx, { name: MADE[0], target: 'm1' }), /already on m1/);
    await assert.rejects(moveInstanceToMember(t.catalog, engine, ctx, { name: MADE[0], target: 'nope' }), /no cluster member "nope" \(members: m1, m2, m3\)/);
  });

  it('evacuates a member (its instances go elsewhere) and restores it; restore of a member that is not evacuated is refused', async () => {
    await assert.rejects(changeMemberState(t.catalog, engine, ctx, { member: 'm2', action: 'restore' }), /not evacuated/);
    await changeMemberState(t.catalog, engine, ctx, { member: 'm2', action: 'evacuate' });
    assert.equal((await members()).find((m) => m.name === 'm2')?.status, 'Evacuated');
    assert.notEqual((await locations()).get('c-m2'), 'm2', 'c-m2 was moved off m2');
    await changeMemberState(t.catalog, engine, ctx, { member: 'm2', action: 'restore' });
    assert.equal((await members()).find((m) => m.name === 'm2')?.status, 'Online');
    assert.equal((await locations()).get('c-m2'), 'm2', 'c-m2 came back');
  });

  it('a stopped member shows offline in the tree while the catalog keeps its instances', async function () {
    this.timeout(120_000);
    clusterMember(peer, 'stop-member', 'm3');
    // LXD calls a member offline once its heartbeats stop for cluster.offline_threshold (11 s in the peer).
    let m3: ClusterMember | undefined;
    for (let i = 0; i < 60 && m3?.status !== 'Offline'; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      m3 = (await members()).find((m) => m.name === 'm3');
    }
    assert.equal(m3?.status, 'Offline');
    await syncEngine(t.catalog, engine, ctx);
    assert.ok((await rows()).includes('c-m3') && (await rows()).includes(MADE[1]), 'the offline member\'s instances stay in the catalog');
    const model = new ContainerTreeModel(async () => t.catalog, ctx);
    const root = (await model.children()).find((n) => n.type === 'engine' && n.engine.name === 'cluster')!;
    const groups = (await model.children(root)).filter((n): n is MemberNode => n.type === 'member');
    assert.deepEqual(groups.map((g) => [g.member.name, g.member.status]), [['m1', 'Online'], ['m2', 'Online'], ['m3', 'Offline']]);
    const onM3 = groups[2].containers.map((c) => c.name).sort();
    assert.deepEqual(onM3, ['c-m3', MADE[1]]);
    assert.deepEqual(groups[0].containers.map((c) => c.name).sort(), ['c-m1', MADE[0]]);
    clusterMember(peer, 'start-member', 'm3');
    assert.equal((await members()).find((m) => m.name === 'm3')?.status, 'Online');
  });
});
