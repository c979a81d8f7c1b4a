import * as assert from 'node:assert/strict';
import { listContainers, loadContainer } from '../../../src/containers/catalogReads';
import type { DockerClient } from '../../../src/containers/dockerClient';
import { deviceTypeCode } from '../../../src/containers/deviceTypes';
import { dockerInstance } from '../../../src/containers/dockerInstance';
import { dockerImage, dockerNetwork, dockerPools } from '../../../src/containers/dockerMirror';
import { lxdArchitecture } from '../../../src/containers/imageArchitectures';
import { architectureName } from '../../../src/containers/lxdCodes';
import { openEngine } from '../../../src/containers/engineConnection';
import type { EngineMirror } from '../../../src/containers/engineMirror';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { refreshInstances } from '../../../src/containers/refreshInstance';
import { syncEngine } from '../../../src/containers/syncEngine';
import { containersUsingNetwork, containersUsingVolume } from '../../../src/containers/usedBy';
import { writeMirror } from '../../../src/containers/writeMirror';
import type { Catalog } from '../../../src/store/catalog';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { CountingProxy } from './countingProxy';
import { docker, dockerPeer, podman, podmanPeer, testEngineContext } from './enginePeers';
import type { EngineApiPeer } from './enginePeers';

/** The engine's part of a catalog by names only (ids differ between catalogs), sorted. */
async function dump(catalog: Catalog, engineId: number): Promise<unknown> {
  return catalog.read(async (em) => {
    const q = (sql: string): Promise<unknown[]> => em.query(sql, [engineId]) as Promise<unknown[]>;
    return {
      containers: await q(`SELECT name, architecture, type, ephemeral, stateful, creation_date, last_use_date, description FROM containers WHERE engine_id = ? ORDER BY name`),
      config: await q(`SELECT c.name, k.key, k.value FROM containers c JOIN containers_config k ON k.container_id = c.id WHERE c.engine_id = ? ORDER BY 1, 2`),
      devices: await q(`SELECT c.name, d.name AS device, d.type, k.key, k.value FROM containers c JOIN containers_devices d ON d.container_id = c.id
        LEFT JOIN containers_devices_config k ON k.container_device_id = d.id WHERE c.engine_id = ? ORDER BY 1, 2, 4`),
      networks: await q(`SELECT n.name, k.key, k.value FROM networks n LEFT JOIN networks_config k ON k.network_id = n.id WHERE n.engine_id = ? ORDER BY 1, 2`),
      volumes: await q(`SELECT p.name AS pool, v.name, k.key, k.value FROM storage_pools p JOIN storage_volumes v ON v.storage_pool_id = p.id
        LEFT JOIN storage_volumes_config k ON k.storage_volume_id = v.id WHERE p.engine_id = ? ORDER BY 1, 2, 3`),
      images: await q(`SELECT fingerprint, size, architecture, creation_date FROM images WHERE engine_id = ? ORDER BY 1`),
    };
  });
}

/** What reading by inspecting every container gives (the path before issue 19), written into `catalog` whole. */
async function storeInspectPath(catalog: Catalog, engineId: number, client: DockerClient, libpod: boolean): Promise<void> {
  const archOf = async (image: string): Promise<string> => {
    const i = await client.image(image);
    return lxdArchitecture(i.Architecture, i.Variant);
  };
  const list = await client.containers();
  const mirror: EngineMirror = {
    instances: await Promise.all(list.map(async (c) => {
      const full = await client.inspect(c.Id);
      return dockerInstance(full, await archOf(full.Image));
    })),
    profiles: [],
    networks: (libpod ? await client.libpodNetworks() : await client.networks()).map(dockerNetwork),
    pools: dockerPools(await client.volumes()),
    images: await Promise.all((await client.images()).map(async (i) => dockerImage(i, await archOf(i.Id)))),
    certificates: [],
    config: {},
  };
  await catalog.write((em) => writeMirror(em, engineId, mirror));
}

/** A dump without what only an inspect gives (mounts too: Podman's list has their destinations only). */
function withoutDetails(d: unknown): unknown {
  const x = d as Record<string, Record<string, unknown>[]>;
  return {
    ...x,
    devices: x.devices.filter((r) => r.type !== deviceTypeCode('disk')),
    containers: x.containers.map(({ architecture: _a, last_use_date: used, ...c }) => ({ ...c, started: used ? String(used).slice(0, 19) : used })),
    config: x.config.filter((r) => !/^(environment\.|restart\.policy$)/.test(String(r.key))),
    images: x.images.map(({ architecture: _a, ...i }) => i),
  };
}

interface Engine {
  readonly kind: 'podman' | 'docker';
  peer(): EngineApiPeer;
  cli(args: string[]): string;
}

const engines: Engine[] = [
  { kind: 'podman', peer: podmanPeer, cli: (a) => podman(podmanPeer(), a) },
  { kind: 'docker', peer: dockerPeer, cli: (a) => docker(dockerPeer(), a) },
];

for (const x of engines) {
  describe(`Sync from the list calls first, inspects after (real ${x.kind}, issue 19)`, function () {
    const prefix = `lf${x.kind[0]}-`;
    const made: string[] = [];
    let peer: EngineApiPeer;
    let t: TempCatalog;
    let engine: EngineRecord;
    let proxy: CountingProxy;
    /** Inspects the engine answered since request number `from`. */
    const inspects = (from: number): number => proxy.count(/^GET \/v[\d.]+(\/libpod)?\/containers\/[^/?]+\/json$/, from);
    /** Image inspects and `/version` calls since request number `from`. */
    const imageInspects = (from: number): number => proxy.count(/^GET \/v[\d.]+\/images\/[^/?]+\/json$/, from);
    const versions = (from: number): number => proxy.count(/^GET (\/v[\d.]+)?(\/libpod)?\/version$/, from);
    const ctx = testEngineContext();
    const make = (name: string, args: string[]): void => {
      x.cli(['create', '--name', prefix + name, ...args]);
      made.push(prefix + name);
    };

    before(async () => {
      peer = x.peer();
      const sh = ['/bin/sh', '-c', 'trap "exit 0" TERM; while sleep 1; do :; done'];
      // Facts each list carries or lacks: env, restart policy, ports of a stopped container, port ranges,
      // read-only and bind mounts, auto-remove, an entrypoint beside the command, several networks.
      make('env', ['--env', 'A=1', '--env', 'B=two words', '--label', 'k=v', peer.image, ...sh]);
      make('restart', ['--restart', 'always', '--network', peer.network, peer.image, ...sh]);
      const port = x.kind === 'podman' ? 7301 : 7311;
      make('ports', ['-p', `127.0.0.1:${port}:80`, '-p', `${port + 1}:81/udp`, '-p', `${port + 2}-${port + 3}:90-91`, peer.image, ...sh]);
      make('mounts', ['-v', `${peer.volume}:/data:ro`, '-v', '/tmp:/hosttmp', '--network', peer.network, peer.image, ...sh]);
      make('rm', ['--rm', '--entrypoint', '/bin/sh', peer.image, '-c', 'true']);
      for (let i = 0; i < 6; i++) make(`n${i}`, ['--label', `n=${i}`, '--env', `N=${i}`, peer.image, ...sh]);
      x.cli(['start', `${prefix}ports`]);
      // Every request of the syncs goes through this proxy to the real engine, which counts them.
      proxy = await new CountingProxy(peer.socket).listen();
      t = await openTempCatalog();
      engine = await addEngine(t.catalog, { kind: x.kind, endpoint: proxy.socket, name: `${x.kind}-lists` });
    });
    after(async () => {
      for (const n of made) {
        try {
          x.cli(['rm', '-f', n]);
        } catch {
          // already gone (a test removed it)
        }
      }
      await t?.dispose();
      proxy?.close();
    });

    it('a cold first sync writes every row from the lists; the details (env, restart policy) follow; the end state is the inspect path’s', async () => {
      const names = x.cli(['ps', '-a', '--format', '{{.Names}}']).split('\n').filter(Boolean).sort();
      const from = proxy.requests.length;
      let atRows: { inspects: number; pending: number; dump: Promise<unknown>; rows: Promise<string[]>; net: Promise<string[]>; vol: Promise<string[]>; env: Promise<string | undefined> } | undefined;
      const progress: { message: string; done: number; total: number }[] = [];
      const result = await syncEngine(t.catalog, engine, ctx, {
        onProgress: (p) => progress.push({ ...p }),
        onRowsWritten: (r) => {
          atRows = {
            inspects: inspects(from),
            pending: r.pending,
            dump: dump(t.catalog, engine.id),
            rows: t.catalog.read(async (em) => (await listContainers(em, engine.id)).map((c) => c.name)),
            net: t.catalog.read(async (em) => (await containersUsingNetwork(em, peer.network, engine.id)).map((c) => c.name)),
            vol: t.catalog.read(async (em) => (await containersUsingVolume(em, 'local', peer.volume, engine.id)).map((c) => c.name)),
            env: t.catalog.read(async (em) => (await loadContainer(em, engine.id, `${prefix}env`))?.config['environment.A']),
          };
        },
      });
      assert.ok(atRows, 'the rows were reported written');
      assert.equal(atRows.pending, names.length);
      assert.deepEqual((await atRows.rows).sort(), names);
      for (const n of [`${prefix}restart`, `${prefix}mounts`]) assert.ok((await atRows.net).includes(n), `${n} uses the network at once`);
      // Docker's list has each mount's volume; Podman's has the destination only, so its volumes wait for the inspect.
      assert.deepEqual((await atRows.vol).filter((n) => n.startsWith(prefix)), x.kind === 'docker' ? [`${prefix}mounts`] : []);
      assert.equal(await atRows.env, undefined, 'env is a detail: not in the rows from the lists');
      assert.deepEqual(
        (await t.catalog.read((em) => containersUsingVolume(em, 'local', peer.volume, engine.id))).map((c) => c.name).filter((n) => n.startsWith(prefix)),
        [`${prefix}mounts`],
        'after the details, the volume is used',
      );
      assert.equal(inspects(from), names.length, 'then each container inspected once');
      // The architecture comes from each image's inspect, once per image, not from the engine's /version.
      const imageIds = new Set(x.cli(['images', '-q', '--no-trunc']).split('\n').filter(Boolean));
      assert.equal(imageInspects(from), imageIds.size, 'each image inspected once');
      assert.equal(versions(from), 0, 'no /version');
      assert.equal(result.written.details, names.length);
      // One progress over both steps: it only moves forward, through one step per inspect, to its end.
      const total = 8 + names.length;
      assert.ok(progress.every((p, i) => p.total === total && p.done <= total && (i === 0 || p.done >= progress[i - 1].done)), JSON.stringify(progress));
      assert.equal(progress.at(-1)?.done, total);
      const inspecting = progress.filter((p) => p.message.startsWith('Reading container'));
      assert.equal(inspecting.length, names.length);
      assert.ok(inspecting.every((p) => p.done > 4 && p.done <= 4 + names.length));

      const env = (await t.catalog.read((em) => loadContainer(em, engine.id, `${prefix}env`)))!;
      assert.equal(env.config['environment.A'], '1');
      assert.equal(env.config['environment.B'], 'two words');
      const restart = (await t.catalog.read((em) => loadContainer(em, engine.id, `${prefix}restart`)))!;
      assert.equal(restart.config['restart.policy'], 'always');

      const ref = await openTempCatalog();
      try {
        const refEngine = await addEngine(ref.catalog, { kind: x.kind, endpoint: peer.socket, name: `${x.kind}-lists` });
        const conn = await openEngine(engine, ctx);
        try {
          await storeInspectPath(ref.catalog, refEngine.id, (conn as { docker: DockerClient }).docker, x.kind === 'podman');
        } finally {
          conn.close();
        }
        const final = await dump(t.catalog, engine.id);
        assert.equal((final as { containers: unknown[] }).containers.length, names.length);
        const archs = new Set((final as { containers: { architecture: number }[] }).containers.map((c) => architectureName(c.architecture)));
        assert.deepEqual([...archs], [{ x64: 'x86_64', arm64: 'aarch64' }[process.arch as string] ?? process.arch], 'each container has its image\'s architecture');
        assert.deepEqual(final, await dump(ref.catalog, refEngine.id));
        if (x.kind === 'podman') {
          // Podman's own list carries everything but env, restart policy, mounts, the start time's fraction
          // and the architecture (each image's inspect, asked beside the containers' inspects).
          assert.deepEqual(withoutDetails(await atRows.dump), withoutDetails(final));
        }
      } finally {
        await ref.dispose();
      }
    });

    it('a re-sync with nothing changed inspects nothing and writes nothing', async () => {
      let changes = 0;
      const sub = t.catalog.onDidChange(() => changes++);
      const from = proxy.requests.length;
      try {
        const r = await syncEngine(t.catalog, engine, ctx);
        assert.deepEqual(r.written, { instances: 0, removed: 0, sections: [], details: 0 });
      } finally {
        sub.dispose();
      }
      assert.equal(inspects(from), 0);
      assert.equal(imageInspects(from), 0, 'image architectures are remembered');
      assert.equal(changes, 0);
    });

    it('a new container: its row from the lists, then its details; one removed before its inspect (404) leaves no row', async () => {
      make('late', ['--env', 'LATE=yes', peer.image, '/bin/true']);
      make('gone', [peer.image, '/bin/true']);
      const goneId = x.cli(['inspect', '--format', '{{.Id}}', `${prefix}gone`]).trim();
      const from = proxy.requests.length;
      let rowsHadLate: Promise<boolean> | undefined;
      // Removed between the list and its inspect: when the sync asks for it, before the engine hears the ask.
      proxy.beforeForward = (q) => {
        if (q.includes(`/containers/${goneId}/json`)) x.cli(['rm', '-f', `${prefix}gone`]);
      };
      const r = await syncEngine(t.catalog, engine, ctx, {
        onRowsWritten: (w) => {
          assert.equal(w.pending, 2);
          rowsHadLate = t.catalog.read(async (em) => !!(await loadContainer(em, engine.id, `${prefix}late`)));
        },
      }).finally(() => (proxy.beforeForward = undefined));
      assert.equal(r.written.details, 1);
      assert.equal(r.counts.removed, 1);
      assert.equal(await rowsHadLate, true);
      assert.equal(inspects(from), 2);
      assert.equal((await t.catalog.read((em) => loadContainer(em, engine.id, `${prefix}late`)))?.config['environment.LATE'], 'yes');
      assert.equal(await t.catalog.read((em) => loadContainer(em, engine.id, `${prefix}gone`)), undefined);
    });

    it('an event re-read of a container whose details are pending, and a cancel before the details: the next sync completes them', async () => {
      make('evt', ['--env', 'E=1', peer.image, '/bin/true']);
      make('cancelled', ['--env', 'C=1', peer.image, '/bin/true']);
      const ac = new AbortController();
      let reread: Promise<number> | undefined;
      await assert.rejects(
        syncEngine(t.catalog, engine, ctx, {
          signal: ac.signal,
          onRowsWritten: () => {
            reread = openEngine(engine, ctx).then((conn) => refreshInstances(t.catalog, engine.id, conn, [`${prefix}evt`]).finally(() => conn.close()));
            ac.abort();
          },
        }),
        { kind: 'cancelled' },
      );
      assert.equal(await reread, 1, 'the event wrote the container it re-read');
      const load = (n: string): Promise<Record<string, string> | undefined> => t.catalog.read(async (em) => (await loadContainer(em, engine.id, prefix + n))?.config);
      assert.equal((await load('evt'))?.['environment.E'], '1');
      assert.ok(await load('cancelled'), 'the row from the lists stays');
      assert.equal((await load('cancelled'))?.['environment.C'], undefined);
      const r = await syncEngine(t.catalog, engine, ctx);
      assert.equal((await load('cancelled'))?.['environment.C'], '1');
      // Its inspect may have answered before the cancel (the inspects run beside the rows write), then
      // this sync writes it from what was read; else it inspects it again. Either way, that one row.
      assert.equal(r.written.instances, 1, 'only the container left without details is rewritten');
    });

    it('a container written by another write after this sync read the lists is not removed by this sync', async () => {
      // The sync's container list is answered; before its other lists are, another container is created and
      // written by an event's re-read (as when a run's own sync and an event burst overlap). This sync's list
      // predates it, so it cannot say it is gone.
      let made = false;
      const from = proxy.answered.length;
      const listAnswered = (): boolean => proxy.answered.slice(from).some((r) => /\/containers\/json/.test(r));
      proxy.beforeForward = async (q) => {
        if (made || !q.includes('/images/json')) return;
        made = true;
        while (!listAnswered()) await new Promise((r) => setTimeout(r, 10));
        make('between', [peer.image, '/bin/true']);
        const conn = await openEngine(engine, ctx);
        try {
          assert.equal(await refreshInstances(t.catalog, engine.id, conn, [`${prefix}between`]), 1);
        } finally {
          conn.close();
        }
      };
      try {
        await syncEngine(t.catalog, engine, ctx);
      } finally {
        proxy.beforeForward = undefined;
      }
      assert.ok(made, 'the other write came while the sync read its lists');
      const names = (await t.catalog.read((em) => listContainers(em, engine.id))).map((c) => c.name);
      assert.ok(names.includes(`${prefix}between`), `still in the catalog: ${names.join(', ')}`);
      // The next sync lists it and keeps it.
      await syncEngine(t.catalog, engine, ctx);
      assert.ok((await t.catalog.read((em) => listContainers(em, engine.id))).some((c) => c.name === `${prefix}between`));
    });

    it('an engine recorded as the other kind: one extra list call on the first sync, the same rows', async () => {
      const other = x.kind === 'podman' ? 'docker' : 'podman';
      const wrong = await openTempCatalog();
      try {
        const e2 = await addEngine(wrong.catalog, { kind: other, endpoint: proxy.socket, name: `${x.kind}-as-${other}` });
        const from = proxy.requests.length;
        await syncEngine(wrong.catalog, e2, ctx);
        const lists = proxy.requests.slice(from).filter((q) => /\/containers\/json/.test(q)).map((q) => q.replace(/\?.*$/, '').replace(/^GET \/v[\d.]+/, 'GET '));
        // Docker guessed as Podman: its 404 to Podman's list, then its compat list. Podman guessed as
        // Docker: the compat list, whose header says Podman, then Podman's own list (the one read).
        assert.deepEqual(lists, x.kind === 'docker' ? ['GET /libpod/containers/json', 'GET /containers/json'] : ['GET /containers/json', 'GET /libpod/containers/json']);
        const load = (c: Catalog, id: number): Promise<Record<string, string> | undefined> => c.read(async (em) => (await loadContainer(em, id, `${prefix}env`))?.config);
        assert.deepEqual(await load(wrong.catalog, e2.id), await load(t.catalog, engine.id));
        const names = async (c: Catalog, id: number): Promise<string[]> => (await c.read((em) => listContainers(em, id))).map((c) => c.name).sort();
        assert.deepEqual(await names(wrong.catalog, e2.id), await names(t.catalog, engine.id));
        const again = proxy.requests.length;
        await syncEngine(wrong.catalog, e2, ctx);
        assert.equal(proxy.count(/\/containers\/json/, again), 1, 'the next sync knows which list to ask');
      } finally {
        await wrong.dispose();
      }
    });
  });
}
