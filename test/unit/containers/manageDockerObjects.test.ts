import * as assert from 'node:assert/strict';
import type { EngineContext } from '../../../src/containers/engineConnection';
import { isEngineError } from '../../../src/containers/engineError';
import { listEngineObjects } from '../../../src/containers/engineObjectLists';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { createEngineObject, deleteEngineObject, usersOf } from '../../../src/containers/manageEngineObjects';
import { syncEngine } from '../../../src/containers/syncEngine';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { docker, dockerPeer, testEngineContext, type EngineApiPeer } from './enginePeers';

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('manage what Docker holds: networks and volumes, create and delete, used-by refusal (real Docker peer)', function () {
  this.timeout(120_000);
  let peer: EngineApiPeer;
  let t: TempCatalog;
  let ctx: EngineContext;
  let engine: EngineRecord;
  const names = (what: 'network' | 'volume'): string[] => docker(peer, [what, 'ls', '--format', '{{.Name}}']).split('\n').filter(Boolean);
  const clean = (): void => {
    for (const [what, name] of [['network', 'dk-net'], ['volume', 'dk-vol']] as const) {
      if (names(what).includes(name)) docker(peer, [what, 'rm', name]);
    }
  };

  before(async () => {
    peer = dockerPeer();
    clean();
    t = await openTempCatalog();
    ctx = { ...testEngineContext(), logger: quiet };
    engine = await addEngine(t.catalog, { kind: 'docker', endpoint: peer.socket, name: 'docker' });
    await syncEngine(t.catalog, engine, ctx);
  });
  after(async () => {
    if (peer) clean();
    await t?.dispose();
  });

  it('creates a network (with its description label) and a volume; Docker lists them and so does the catalog; deletes both', async () => {
    await createEngineObject(t.catalog, engine, ctx, { kind: 'network', name: 'dk-net', description: 'made by a test' });
    await createEngineObject(t.catalog, engine, ctx, { kind: 'volume', name: 'dk-vol' });
    assert.ok(names('network').includes('dk-net'));
    assert.ok(names('volume').includes('dk-vol'));
    assert.ok((await listEngineObjects(t.catalog, engine.id, 'networks')).some((n) => n.name === 'dk-net'), 'the catalog has the network');
    await assert.rejects(createEngineObject(t.catalog, engine, ctx, { kind: 'network', name: 'dk-net' }), (e: Error) => isEngineError(e, 'api') && /dk-net/.test(e.message));
    await deleteEngineObject(t.catalog, engine, ctx, { kind: 'network', name: 'dk-net' });
    await deleteEngineObject(t.catalog, engine, ctx, { kind: 'volume', name: 'dk-vol' });
    assert.ok(!names('network').includes('dk-net'));
    assert.ok(!names('volume').includes('dk-vol'));
    assert.ok(!(await listEngineObjects(t.catalog, engine.id, 'networks')).some((n) => n.name === 'dk-net'), 'the catalog dropped the network');
  });

  it('the peer\'s network and volume in use are refused, naming their users; nothing is deleted', async () => {
    for (const o of [{ kind: 'network' as const, name: peer.network }, { kind: 'volume' as const, name: peer.volume }]) {
      const users = (await usersOf(t.catalog, engine, o)).map((u) => u.name);
      assert.ok(users.length > 0, `the peer's ${o.kind} ${o.name} is used by a container`);
      await assert.rejects(deleteEngineObject(t.catalog, engine, ctx, o), (e: Error) => isEngineError(e, 'api') && e.message.includes(`is used by ${users.join(', ')}`));
      assert.ok(names(o.kind).includes(o.name), `${o.name} is still there`);
    }
  });

  it('a profile on Docker and a bad name are refused before Docker is asked', async () => {
    await assert.rejects(createEngineObject(t.catalog, engine, ctx, { kind: 'profile', name: 'p1' }), /profile/i);
    await assert.rejects(createEngineObject(t.catalog, engine, ctx, { kind: 'network', name: 'bad name!' }), /name/i);
    assert.ok(!names('network').includes('bad name!'));
  });
});
