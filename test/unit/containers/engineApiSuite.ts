import * as assert from 'node:assert/strict';
import { loadContainer, listContainers } from '../../../src/containers/catalogReads';
import { ContainerActions } from '../../../src/containers/containerActions';
import { openEngine } from '../../../src/containers/engineConnection';
import type { EngineContext } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine, getEngine } from '../../../src/containers/engineRegistry';
import { engineStatus } from '../../../src/containers/engineStatus';
import { readLiveStates } from '../../../src/containers/liveState';
import { syncEngine } from '../../../src/containers/syncEngine';
import { containersUsingImage, containersUsingNetwork, containersUsingVolume } from '../../../src/containers/usedBy';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { testEngineContext } from './enginePeers';
import type { EngineApiPeer } from './enginePeers';

type EngineInspect = {
  Name: string;
  Image: string;
  Config: { Labels: Record<string, string> | null; Env: string[] | null };
  Mounts: { Name?: string; Destination: string; RW: boolean }[];
  NetworkSettings: { Networks?: Record<string, unknown> };
  HostConfig: { PortBindings: Record<string, { HostIp: string; HostPort: string }[]> | null };
  State: { Status: string };
};

/** One engine speaking the Docker Engine API, with its own CLI for an independent view of its state. */
export interface EngineApiUnderTest {
  readonly title: string;
  readonly kind: 'podman' | 'docker';
  /** Name for the engine in the catalog. */
  readonly engineName: string;
  /** Prefix of the containers this suite creates. */
  readonly prefix: string;
  peer(): EngineApiPeer;
  /** The engine's own CLI against the peer. */
  cli(args: string[]): string;
  /** Takes the API away (and brings it back) without touching the containers. */
  service(action: 'service-stop' | 'service-start'): void;
  /** How the engine words "no such container" for `name`. */
  missing(name: string): RegExp;
  /** The error when the API socket is gone. */
  unreachable: RegExp;
}

/**
 * Sync, used-by, live state and actions against a real Docker-API engine (Podman's compat API or
 * Docker itself): the same behaviour is expected from both.
 */
export function describeEngineApi(e: EngineApiUnderTest): void {
describe(e.title, function () {
  let peer: EngineApiPeer;
  let t: TempCatalog;
  let ctx: EngineContext;
  let engine: EngineRecord;

  before(async () => {
    peer = e.peer();
    t = await openTempCatalog();
    ctx = testEngineContext();
    engine = await addEngine(t.catalog, { kind: e.kind, endpoint: peer.socket, name: e.engineName });
    await syncEngine(t.catalog, engine, ctx);
  });
  after(async () => t?.dispose());

  const inspect = (name: string): EngineInspect => (JSON.parse(e.cli(['container', 'inspect', name])) as EngineInspect[])[0];
  const cli = (args: string[]): string => e.cli(args);

  it('mirrors the containers, images, networks and volumes the engine reports', async () => {
    const names = cli(['ps', '-a', '--format', '{{.Names}}']).split('\n').filter(Boolean).sort();
    const rows = await t.catalog.read((em) => listContainers(em, engine.id));
    assert.deepEqual(rows.map((r) => r.name), names);
    for (const n of peer.containers) assert.ok(names.includes(n));
    const q = (sql: string): Promise<string[]> =>
      t.catalog.read(async (em) => ((await em.query(sql, [engine.id])) as { name: string }[]).map((r) => r.name));
    assert.deepEqual(await q('SELECT name FROM networks WHERE engine_id = ? ORDER BY name'), cli(['network', 'ls', '--format', '{{.Name}}']).split('\n').filter(Boolean).sort());
    assert.deepEqual(
      await q('SELECT v.name FROM storage_volumes v JOIN storage_pools p ON p.id = v.storage_pool_id WHERE p.engine_id = ? ORDER BY v.name'),
      cli(['volume', 'ls', '--format', '{{.Name}}']).split('\n').filter(Boolean).sort(),
    );
    assert.deepEqual(
      await q('SELECT i.fingerprint AS name FROM images i WHERE i.engine_id = ? ORDER BY 1'),
      cli(['images', '-q', '--no-trunc']).split('\n').filter(Boolean).map((s) => s.replace(/^sha256:/, '')).sort(),
    );
    const aliases = await q('SELECT a.name FROM images_aliases a JOIN images i ON i.id = a.image_id WHERE i.engine_id = ?');
    assert.ok(aliases.includes(peer.image));
    const netLabels = await t.catalog.read((em) =>
      em.query(`SELECT c.key, c.value FROM networks n JOIN networks_config c ON c.network_id = n.id WHERE n.engine_id = ? AND n.name = ? AND c.key LIKE 'label.%' ORDER BY c.key`, [engine.id, peer.network]),
    );
    assert.deepEqual(netLabels, [{ key: 'label.cc.test', value: '1' }, { key: 'label.purpose', value: 'tests' }]);
  });

  it('maps labels and env to config keys, mounts to disk devices, networks to nics and ports to proxies', async () => {
    for (const name of peer.containers) {
      const api = inspect(name);
      const c = (await t.catalog.read((em) => loadContainer(em, engine.id, name)))!;
      for (const [k, v] of Object.entries(api.Config.Labels ?? {})) assert.equal(c.config[`label.${k}`], v, `${name} label ${k}`);
      for (const e of api.Config.Env ?? []) {
        const i = e.indexOf('=');
        assert.equal(c.config[`environment.${e.slice(0, i)}`], e.slice(i + 1), `${name} env ${e}`);
      }
      assert.equal(c.config['volatile.base_image'], api.Image.replace(/^sha256:/, ''));
      const disks = Object.values(c.devices).filter((d) => d.type === 'disk');
      assert.deepEqual(disks.map((d) => d.path).sort(), api.Mounts.map((m) => m.Destination).sort());
      const nics = Object.values(c.devices).filter((d) => d.type === 'nic').map((d) => d.network);
      assert.deepEqual(nics.sort(), Object.keys(api.NetworkSettings.Networks ?? {}).sort());
      const proxies = Object.values(c.devices).filter((d) => d.type === 'proxy');
      const bindings = Object.values(api.HostConfig.PortBindings ?? {}).flat();
      assert.equal(proxies.length, bindings.length);
    }
    const web = (await t.catalog.read((em) => loadContainer(em, engine.id, `${e.prefix}web`)))!;
    assert.equal(web.config['label.app'], 'web');
    assert.equal(web.config['environment.GREETING'], 'hello');
    assert.deepEqual(web.devices.data, { type: 'disk', path: '/data', pool: 'local', source: peer.volume });
    assert.deepEqual(web.devices[peer.network], { type: 'nic', network: peer.network });
    assert.deepEqual(web.devices[`port-${peer.port}-tcp`], { type: 'proxy', listen: `tcp:127.0.0.1:${peer.port}`, connect: 'tcp:0.0.0.0:8080' });
    const db = (await t.catalog.read((em) => loadContainer(em, engine.id, `${e.prefix}db`)))!;
    assert.equal(db.devices['var-lib-db'].readonly, 'true');
  });

  it('answers used-by for the network, the volume and the image', async () => {
    const net = await t.catalog.read((em) => containersUsingNetwork(em, peer.network, engine.id));
    assert.deepEqual(net.map((c) => c.name), [`${e.prefix}db`, `${e.prefix}web`]);
    const vol = await t.catalog.read((em) => containersUsingVolume(em, 'local', peer.volume, engine.id));
    assert.deepEqual(vol.map((c) => c.name), [`${e.prefix}db`, `${e.prefix}web`]);
    const imageId = inspect(`${e.prefix}web`).Image.replace(/^sha256:/, '');
    const img = await t.catalog.read((em) => containersUsingImage(em, imageId, engine.id));
    assert.deepEqual(img.map((c) => c.name), [...peer.containers].sort());
  });

  it('reads runtime state live and never stores it', async () => {
    const conn = await openEngine(engine, ctx);
    try {
      const states = await readLiveStates(conn);
      assert.equal(states.get(peer.running)?.running, true);
      assert.match(states.get(peer.running)?.ipv4[0] ?? '', /^\d+\.\d+\.\d+\.\d+$/);
      assert.equal(states.get(`${e.prefix}plain`)?.running, false);
    } finally {
      conn.close();
    }
    const leaked = await t.catalog.read((em) =>
      em.query(`SELECT key FROM containers_config WHERE key LIKE '%status%' OR key LIKE '%pid%' OR value = 'running'`),
    );
    assert.deepEqual(leaked, []);
  });

  it('starts, stops (also forced), restarts and deletes through the engine, then updates the catalog', async () => {
    const actions = new ContainerActions(t.catalog, ctx);
    cli(['create', '--name', `${e.prefix}act`, '--label', 'x=1', peer.image, '/bin/sh', '-c', 'trap "exit 0" TERM; while sleep 1; do :; done']);
    await syncEngine(t.catalog, engine, ctx);
    await actions.lifecycle(engine, `${e.prefix}act`, 'start');
    assert.equal(inspect(`${e.prefix}act`).State.Status, 'running');
    const started = (await t.catalog.read((em) => loadContainer(em, engine.id, `${e.prefix}act`)))!;
    assert.equal(started.config['label.x'], '1');
    await actions.lifecycle(engine, `${e.prefix}act`, 'restart');
    assert.equal(inspect(`${e.prefix}act`).State.Status, 'running');
    await actions.lifecycle(engine, `${e.prefix}act`, 'stop');
    assert.notEqual(inspect(`${e.prefix}act`).State.Status, 'running');
    await actions.lifecycle(engine, `${e.prefix}act`, 'start');
    await actions.lifecycle(engine, `${e.prefix}act`, 'stop', true);
    assert.notEqual(inspect(`${e.prefix}act`).State.Status, 'running');
    await actions.delete(engine, `${e.prefix}act`);
    assert.throws(() => inspect(`${e.prefix}act`));
    assert.equal(await t.catalog.read((em) => loadContainer(em, engine.id, `${e.prefix}act`)), undefined);
    await actions.create(engine, { name: `${e.prefix}made`, image: peer.image, config: { 'label.made': 'yes', 'environment.A': 'b' }, command: ['/bin/true'] });
    const made = (await t.catalog.read((em) => loadContainer(em, engine.id, `${e.prefix}made`)))!;
    assert.equal(made.config['label.made'], 'yes');
    assert.equal(made.config['environment.A'], 'b');
    await actions.delete(engine, `${e.prefix}made`);
  });

  it("shows the engine's own message when an action fails, and changes nothing", async () => {
    const actions = new ContainerActions(t.catalog, ctx);
    await assert.rejects(actions.lifecycle(engine, `${e.prefix}missing`, 'start'), (err: Error & { kind?: string; status?: number }) => {
      assert.equal(err.kind, 'api');
      assert.equal(err.status, 404);
      assert.match(err.message, e.missing(`${e.prefix}missing`));
      return true;
    });
    await assert.rejects(actions.createSnapshot(engine, `${e.prefix}web`, 's'), new RegExp(`${e.kind === 'podman' ? 'Podman' : 'Docker'} does not support this; it is an LXD action`));
    await assert.rejects(actions.create(engine, { name: 'x', image: peer.image, config: { 'limits.cpu': '1' } }), /cannot take config key "limits.cpu"/);
  });

  it('mirrors a container removed outside the extension', async () => {
    cli(['create', '--name', `${e.prefix}gone`, peer.image, '/bin/true']);
    await syncEngine(t.catalog, engine, ctx);
    assert.ok(await t.catalog.read((em) => loadContainer(em, engine.id, `${e.prefix}gone`)));
    cli(['rm', `${e.prefix}gone`]);
    const r = await syncEngine(t.catalog, engine, ctx);
    assert.equal(r.counts.removed, 1);
    assert.equal(await t.catalog.read((em) => loadContainer(em, engine.id, `${e.prefix}gone`)), undefined);
  });

  it('engine down: the catalog is kept, the state says "engine unreachable · synced …", and a later sync recovers', async () => {
    const before = await t.catalog.read((em) => listContainers(em, engine.id));
    e.service('service-stop');
    try {
      await assert.rejects(syncEngine(t.catalog, engine, ctx), (err: Error & { kind?: string }) => {
        assert.equal(err.kind, 'unreachable');
        assert.match(err.message, e.unreachable);
        return true;
      });
      assert.deepEqual(await t.catalog.read((em) => listContainers(em, engine.id)), before);
      const rec = await getEngine(t.catalog, e.engineName);
      assert.equal(engineStatus(rec).health, 'unreachable');
      assert.equal(engineStatus(rec).label, 'engine unreachable · synced just now');
      assert.equal(engineStatus(rec, new Date(rec.lastSyncAt!.getTime() + 7 * 60_000)).label, 'engine unreachable · synced 7 min ago');
      await assert.rejects(new ContainerActions(t.catalog, ctx).lifecycle(engine, `${e.prefix}plain`, 'start'), { kind: 'unreachable' });
    } finally {
      e.service('service-start');
    }
    await syncEngine(t.catalog, engine, ctx);
    assert.equal(engineStatus(await getEngine(t.catalog, e.engineName)).health, 'ok');
  });
});
}
