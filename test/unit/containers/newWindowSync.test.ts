import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineKind, EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { engineMemory } from '../../../src/containers/mirrorMemory';
import { readWritten } from '../../../src/containers/readWritten';
import { syncEngine } from '../../../src/containers/syncEngine';
import type { CatalogStore } from '../../../src/store/CatalogStore';
import { openCatalog } from '../../../src/store/openCatalog';
import { CountingProxy } from './countingProxy';
import { docker, dockerPeer, lxc, lxdPeer, podman, podmanPeer, testEngineContext } from './enginePeers';
import type { EngineApiPeer } from './enginePeers';

interface Engine {
  readonly kind: EngineKind;
  socket(): string;
  /** Changes one container outside (as the engine's CLI would while no window is open); returns an undo. */
  changeOne(): () => void;
}

/** Podman or Docker: a new container made by the engine's CLI. */
const apiEngine = (kind: 'podman' | 'docker', peer: () => EngineApiPeer, cli: (args: string[]) => string): Engine => ({
  kind,
  socket: () => peer().socket,
  changeOne: () => {
    cli(['create', '--name', `nw-${kind}`, '--env', 'X=1', peer().image, '/bin/true']);
    return () => cli(['rm', '-f', `nw-${kind}`]);
  },
});

const engines: Engine[] = [
  apiEngine('podman', podmanPeer, (a) => podman(podmanPeer(), a)),
  apiEngine('docker', dockerPeer, (a) => docker(dockerPeer(), a)),
  {
    kind: 'lxd',
    socket: () => lxdPeer().socket,
    changeOne: () => {
      const p = lxdPeer();
      const name = p.containers[0];
      lxc(p, ['config', 'set', name, 'user.new-window', String(Date.now())]);
      return () => lxc(p, ['config', 'unset', name, 'user.new-window']);
    },
  },
];

for (const x of engines) {
  describe(`A new window's first sync over an engine it did not sync itself (real ${x.kind}, issue 19)`, function () {
    const ctx = testEngineContext();
    let dir: string;
    let file: string;
    let proxy: CountingProxy;
    let catalog: CatalogStore;
    let engine: EngineRecord;
    /** A new window on the same catalog: the file opened again, so nothing is remembered from the last sync. */
    const newWindow = async (): Promise<CatalogStore> => {
      await catalog.close();
      catalog = await openCatalog({ file, watch: false });
      return catalog;
    };
    const imageInspects = (from: number): number => proxy.count(/^GET \/v[\d.]+\/images\/[^/?]+\/json$/, from);

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cc-newwin-'));
      file = join(dir, 'catalog.db');
      proxy = await new CountingProxy(x.socket()).listen();
      catalog = await openCatalog({ file, watch: false });
      engine = await addEngine(catalog, { kind: x.kind, endpoint: proxy.socket, name: `${x.kind}-new-window` });
    });
    after(async () => {
      await catalog?.close();
      proxy?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('reads back from the rows exactly what its sync remembers having written', async () => {
      await syncEngine(catalog, engine, ctx);
      const remembered = engineMemory(catalog, engine.id).written;
      assert.ok(remembered, 'the sync remembers what it wrote');
      const read = await catalog.read((em) => readWritten(em, engine.id));
      assert.ok(read.instances.size > 0);
      assert.deepEqual([...read.instances].sort(), [...remembered.instances].sort());
      assert.deepEqual([...read.sections].sort(), [...remembered.sections].sort());
    });

    it('a new window syncs the unchanged engine without a write, a save or a change event', async () => {
      const c = await newWindow();
      let changes = 0;
      const sub = c.onDidChange(() => changes++);
      const saves = c.saveCount;
      const from = proxy.requests.length;
      try {
        const r = await syncEngine(c, engine, ctx);
        assert.deepEqual(r.written, { instances: 0, removed: 0, sections: [], details: 0 });
      } finally {
        sub.dispose();
      }
      assert.equal(c.saveCount, saves, 'no save');
      assert.equal(changes, 0, 'no change event, so no view redraws');
      // The images' architectures come from the catalog: an image id names its content.
      if (x.kind !== 'lxd') assert.equal(imageInspects(from), 0, 'no image inspected again');
    });

    it('one container changed while no window was open: the next window writes that container only', async () => {
      const undo = x.changeOne();
      try {
        const c = await newWindow();
        const r = await syncEngine(c, engine, ctx);
        assert.equal(r.written.instances, 1, JSON.stringify(r.written));
        assert.deepEqual(r.written.sections, []);
        assert.equal(r.written.removed, 0);
      } finally {
        undo();
      }
      const c = await newWindow();
      const back = await syncEngine(c, engine, ctx);
      // Undone: the new container is gone (Podman/Docker), or the key is gone again (LXD).
      assert.equal(back.written.instances + back.written.removed, 1, JSON.stringify(back.written));
    });
  });
}
