import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadContainer, loadProfiles, listContainers } from '../../../src/containers/catalogReads';
import { effectiveConfig, expandedMaps } from '../../../src/containers/effectiveConfig';
import { addEngine, getEngine, listEngines, removeEngine } from '../../../src/containers/engineRegistry';
import { clientKeySecretName } from '../../../src/containers/engineSecretNames';
import type { SecretStore } from '../../../src/shared/secrets';
import { engineStatus } from '../../../src/containers/engineStatus';
import { certFingerprint } from '../../../src/containers/engineTransport';
import { syncEngine } from '../../../src/containers/syncEngine';
import { containersUsingImage, containersUsingNetwork, containersUsingProfile, containersUsingVolume } from '../../../src/containers/usedBy';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import type { EngineContext } from '../../../src/containers/engineConnection';
import type { SyncProgress } from '../../../src/containers/engineMirror';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { lxc, lxcQuery, lxdPeer, testEngineContext } from './enginePeers';
import type { LxdPeer } from './enginePeers';

type ApiInstance = {
  name: string;
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  profiles: string[];
  expanded_config: Record<string, string>;
  expanded_devices: Record<string, Record<string, string>>;
};

describe('LXD sync (real LXD 5.0)', function () {
  let peer: LxdPeer;
  let t: TempCatalog;
  let ctx: EngineContext;
  let engine: EngineRecord;
  const progress: SyncProgress[] = [];

  before(async () => {
    peer = lxdPeer();
    t = await openTempCatalog();
    ctx = testEngineContext();
    engine = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.socket, name: 'lxd-test' });
    await syncEngine(t.catalog, engine, ctx, { onProgress: (p) => progress.push(p) });
    engine = await getEngine(t.catalog, 'lxd-test');
  });
  after(async () => t?.dispose());

  it('mirrors every instance, snapshot, profile, network, volume, image and certificate the API reports', async () => {
    const api = lxcQuery<ApiInstance[]>(peer, '/1.0/instances?recursion=1');
    const rows = await t.catalog.read((em) => listContainers(em, engine.id));
    assert.deepEqual(rows.map((r) => r.name), api.map((i) => i.name).sort());
    for (const name of peer.containers) assert.ok(rows.some((r) => r.name === name), `${name} synced`);
    for (const r of rows) {
      const snaps = lxcQuery<string[]>(peer, `/1.0/instances/${r.name}/snapshots`);
      assert.equal(r.snapshots, snaps.length, `snapshots of ${r.name}`);
    }
    const count = (sql: string): Promise<number> =>
      t.catalog.read(async (em) => Number((await em.query(sql, [engine.id]))[0].n));
    assert.equal(await count('SELECT count(*) n FROM containers WHERE engine_id = ? AND type = 1'), 3);
    assert.equal(await count('SELECT count(*) n FROM profiles WHERE engine_id = ?'), lxcQuery<string[]>(peer, '/1.0/profiles').length);
    const managed = lxcQuery<{ name: string; managed: boolean }[]>(peer, '/1.0/networks?recursion=1').filter((n) => n.managed);
    assert.equal(await count('SELECT count(*) n FROM networks WHERE engine_id = ?'), managed.length);
    const vols = lxcQuery<string[]>(peer, `/1.0/storage-pools/${peer.pool}/volumes`);
    assert.equal(
      await count('SELECT count(*) n FROM storage_volumes v JOIN storage_pools p ON p.id = v.storage_pool_id WHERE p.engine_id = ?'),
      vols.length,
    );
    assert.equal(await count('SELECT count(*) n FROM images WHERE engine_id = ?'), lxcQuery<string[]>(peer, '/1.0/images').length);
    assert.equal(await count('SELECT count(*) n FROM certificates WHERE engine_id = ?'), lxcQuery<string[]>(peer, '/1.0/certificates').length);
    const [bridgeCfg] = await t.catalog.read((em) =>
      em.query(
        `SELECT c.value FROM networks n JOIN networks_config c ON c.network_id = n.id
          WHERE n.engine_id = ? AND n.name = ? AND c.key = 'ipv4.nat'`,
        [engine.id, peer.bridge],
      ),
    );
    assert.equal(bridgeCfg.value, 'false');
    assert.ok(progress.some((p) => p.total > 0 && p.done === p.total), 'progress reached its total');
    assert.equal(engineStatus(engine).health, 'ok');
    assert.match(engineStatus(engine).label, /^synced/);
  });

  it("keeps each instance's own config, devices and profiles in apply order, as the API reports them", async () => {
    for (const api of lxcQuery<ApiInstance[]>(peer, '/1.0/instances?recursion=1')) {
      const c = await t.catalog.read((em) => loadContainer(em, engine.id, api.name));
      assert.ok(c, api.name);
      assert.deepEqual(c.config, sortObj(api.config), `config of ${api.name}`);
      assert.deepEqual(c.devices, api.devices, `devices of ${api.name}`);
      assert.deepEqual(c.profiles, api.profiles, `profiles of ${api.name}`);
    }
    const layered = await t.catalog.read((em) => loadContainer(em, engine.id, 'ct-layered'));
    assert.deepEqual(layered?.profiles, ['default', 'limits', 'web']);
    assert.deepEqual(layered?.snapshots, ['snap0', 'snap1']);
    const snap = await t.catalog.read((em) => loadContainer(em, engine.id, 'ct-layered/snap1'));
    assert.equal(snap?.type, 1);
    assert.equal(snap?.config['user.owner'], 'tests');
    const img = await t.catalog.read((em) =>
      em.query(
        `SELECT a.name FROM images i JOIN images_aliases a ON a.image_id = i.id WHERE i.engine_id = ? ORDER BY a.name`,
        [engine.id],
      ),
    );
    assert.deepEqual(img.map((r: { name: string }) => r.name), ['busybox', 'busybox/static']);
    const props = await t.catalog.read((em) =>
      em.query(`SELECT p.key, p.value FROM images i JOIN images_properties p ON p.image_id = i.id WHERE i.engine_id = ? AND p.key = 'os'`, [engine.id]),
    );
    assert.deepEqual(props, [{ key: 'os', value: 'busybox' }]);
  });

  it('expands config and devices exactly as LXD does, and says where each value came from', async () => {
    for (const api of lxcQuery<ApiInstance[]>(peer, '/1.0/instances?recursion=1')) {
      const e = await t.catalog.read(async (em) => {
        const c = (await loadContainer(em, engine.id, api.name))!;
        return effectiveConfig(c, await loadProfiles(em, engine.id, c.profiles));
      });
      const mine = expandedMaps(e);
      assert.deepEqual(mine.config, sortObj(api.expanded_config), `expanded_config of ${api.name}`);
      assert.deepEqual(mine.devices, api.expanded_devices, `expanded_devices of ${api.name}`);
    }
    const e = await t.catalog.read(async (em) => {
      const c = (await loadContainer(em, engine.id, 'ct-layered'))!;
      return effectiveConfig(c, await loadProfiles(em, engine.id, c.profiles));
    });
    // web (applied after limits) wins limits.memory; the container's own limits.cpu beats the profile's.
    assert.deepEqual(e.config['limits.memory'], {
      value: '256MB',
      origin: { kind: 'profile', profile: 'web' },
      overrides: [{ kind: 'profile', profile: 'limits' }],
    });
    assert.deepEqual(e.config['limits.cpu'].origin, { kind: 'local' });
    assert.deepEqual(e.config['limits.cpu'].overrides, [{ kind: 'profile', profile: 'limits' }]);
    assert.deepEqual(e.devices.eth0.origin, { kind: 'profile', profile: 'web' });
    assert.deepEqual(e.devices.root.origin, { kind: 'profile', profile: 'default' });
    assert.deepEqual(e.devices.data.origin, { kind: 'local' });
  });

  it("answers which containers use the bridge (directly and through profiles) exactly as LXD's used_by does", async () => {
    const users = await t.catalog.read((em) => containersUsingNetwork(em, peer.bridge, engine.id));
    const net = lxcQuery<{ used_by: string[] }>(peer, `/1.0/networks/${peer.bridge}`);
    const expected = net.used_by.filter((u) => u.startsWith('/1.0/instances/')).map((u) => u.slice('/1.0/instances/'.length)).sort();
    assert.deepEqual(users.map((u) => u.name), expected);
    // ct-direct: its own nic; ct-web and ct-layered: through profile web; ct-override replaces web's eth0.
    assert.ok(expected.includes('ct-direct') && expected.includes('ct-web') && expected.includes('ct-layered'));
    assert.ok(!users.some((u) => u.name === 'ct-override' || u.name === 'ct-plain'));
    assert.ok(users.every((u) => u.engine === 'lxd-test'));
    assert.deepEqual(await t.catalog.read((em) => containersUsingNetwork(em, 'no-such-bridge')), []);
  });

  it('finds the users of a profile, a storage volume and an image as LXD reports them', async () => {
    for (const p of ['default', 'web', 'limits']) {
      const api = lxcQuery<{ used_by: string[] }>(peer, `/1.0/profiles/${p}`);
      const users = await t.catalog.read((em) => containersUsingProfile(em, engine.id, p));
      assert.deepEqual(users.map((u) => u.name), api.used_by.map((u) => u.replace(/^\/1\.0\/instances\//, '')).filter((u) => !u.includes('/')).sort(), p);
    }
    const vol = lxcQuery<{ used_by: string[] }>(peer, `/1.0/storage-pools/${peer.pool}/volumes/custom/${peer.volume}`);
    const volUsers = await t.catalog.read((em) => containersUsingVolume(em, peer.pool, peer.volume, engine.id));
    assert.deepEqual(volUsers.map((u) => u.name), vol.used_by.map((u) => u.replace(/^\/1\.0\/instances\//, '')).sort());
    assert.deepEqual(volUsers.map((u) => u.name), ['ct-layered']);
    const alias = lxcQuery<{ target: string }>(peer, `/1.0/images/aliases/${peer.imageAlias}`);
    const imgUsers = await t.catalog.read((em) => containersUsingImage(em, alias.target, engine.id));
    const fromImage = lxcQuery<ApiInstance[]>(peer, '/1.0/instances?recursion=1')
      .filter((i) => i.config['volatile.base_image'] === alias.target)
      .map((i) => i.name)
      .sort();
    assert.deepEqual(imgUsers.map((u) => u.name), fromImage);
    assert.ok(fromImage.length >= 5);
  });

  it('keeps ids of surviving rows and mirrors removals on the next sync', async () => {
    const before = await t.catalog.read((em) => listContainers(em, engine.id));
    lxc(peer, ['init', peer.imageAlias, 't-sync-gone', '-p', 'default']);
    lxc(peer, ['snapshot', 't-sync-gone', 's0']);
    await syncEngine(t.catalog, engine, ctx);
    const mid = await t.catalog.read((em) => listContainers(em, engine.id));
    assert.ok(mid.some((c) => c.name === 't-sync-gone' && c.snapshots === 1));
    lxc(peer, ['delete', 't-sync-gone']);
    const r = await syncEngine(t.catalog, engine, ctx);
    assert.ok(r.counts.removed >= 1);
    const after = await t.catalog.read((em) => listContainers(em, engine.id));
    assert.deepEqual(after.map((c) => [c.name, c.id]), before.map((c) => [c.name, c.id]));
    const orphans = await t.catalog.read((em) =>
      em.query(`SELECT count(*) n FROM containers WHERE engine_id = ? AND name LIKE 't-sync-gone%'`, [engine.id]),
    );
    assert.equal(Number(orphans[0].n), 0);
  });

  it('a cancelled sync changes nothing and records no error', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(syncEngine(t.catalog, engine, ctx, { signal: ac.signal }), { name: 'EngineError', kind: 'cancelled' });
    const e = await getEngine(t.catalog, 'lxd-test');
    assert.equal(e.lastError, null);
    assert.equal((await t.catalog.read((em) => listContainers(em, engine.id))).length, peer.containers.length);
  });

  it('an unreachable engine keeps its catalog and says so', async () => {
    const gone = await addEngine(t.catalog, { kind: 'lxd', endpoint: join(t.dir, 'no-lxd', 'unix.socket'), name: 'lxd-gone' });
    await assert.rejects(syncEngine(t.catalog, gone, ctx), (e: Error & { kind?: string }) => {
      assert.equal(e.kind, 'unreachable');
      assert.match(e.message, /Cannot reach .*unix\.socket \(ENOENT\)/);
      return true;
    });
    const rec = await getEngine(t.catalog, 'lxd-gone');
    assert.equal(engineStatus(rec).health, 'unreachable');
    assert.equal(engineStatus(rec).label, 'engine unreachable · never synced');
    assert.equal((await t.catalog.read((em) => listContainers(em, engine.id))).length, peer.containers.length);
  });
});

describe('LXD over HTTPS (real LXD 5.0, TLS 1.3, client certificates)', function () {
  let peer: LxdPeer;
  const temps: TempCatalog[] = [];
  const fresh = async (): Promise<TempCatalog> => {
    const t = await openTempCatalog();
    temps.push(t);
    return t;
  };

  before(() => {
    peer = lxdPeer();
  });
  after(async () => {
    for (const t of temps) await t.dispose();
  });

  it('syncs with the trusted client certificate, recording the server certificate on first use', async () => {
    const t = await fresh();
    const ctx = testEngineContext();
    const e = await addEngine(t.catalog, { kind: 'lxd', endpoint: `${peer.url}/`, name: 'lxd-https', clientCert: peer.clientCert, clientKey: peer.clientKey });
    assert.equal(e.endpoint, peer.url);
    const r = await syncEngine(t.catalog, e, ctx);
    assert.equal(r.counts.instances, lxcQuery<string[]>(peer, '/1.0/instances').length);
    const recorded = join(ctx.certDir, `${e.id}.crt`);
    assert.ok(existsSync(recorded));
    assert.equal(certFingerprint(readFileSync(recorded, 'utf8')), certFingerprint(readFileSync(peer.serverCert, 'utf8')));
    // The second sync runs against the pinned certificate.
    await syncEngine(t.catalog, e, ctx);
    assert.equal((await getEngine(t.catalog, 'lxd-https')).lastError, null);
    await assert.rejects(
      addEngine(t.catalog, { kind: 'lxd', endpoint: peer.url, name: 'again', clientCert: peer.clientCert, clientKey: peer.clientKey }),
      /already connected as "lxd-https"/,
    );
    await assert.rejects(addEngine(t.catalog, { kind: 'lxd', endpoint: peer.socket, name: 'lxd-https' }), /engine named "lxd-https" already exists/);
  });

  it('syncs with a pasted client key kept only in the secret store, and forgets it on disconnect', async () => {
    const t = await fresh();
    const kept = new Map<string, string>();
    const secrets: SecretStore = {
      get: async (k) => kept.get(k),
      store: async (k, v) => void kept.set(k, v),
      delete: async (k) => void kept.delete(k),
    };
    const pem = readFileSync(peer.clientKey, 'utf8');
    await assert.rejects(
      addEngine(t.catalog, { kind: 'lxd', endpoint: peer.url, name: 'lxd-bad-key', clientCert: peer.clientCert, clientKeyPem: 'not a key' }, secrets),
      /not a PEM private key/,
    );
    // An input box delivers the pasted PEM on one line.
    const e = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.url, name: 'lxd-pasted', clientCert: peer.clientCert, clientKeyPem: pem.replace(/\n/g, ' ') }, secrets);
    assert.equal(e.clientKey, null);
    assert.equal(kept.get(clientKeySecretName(e.id))?.replace(/\s/g, ''), pem.replace(/\s/g, ''));
    const r = await syncEngine(t.catalog, e, { ...testEngineContext(), secrets });
    assert.equal(r.counts.instances, lxcQuery<string[]>(peer, '/1.0/instances').length);
    await t.catalog.flush();
    const body = pem.split('\n')[1];
    assert.ok(body.length >= 40);
    assert.equal(readFileSync(t.catalog.file).includes(Buffer.from(body)), false, 'the key is not in the catalog file');
    assert.deepEqual((await listEngines(t.catalog)).map((x) => x.name), ['local catalog', 'lxd-pasted']);
    await removeEngine(t.catalog, 'lxd-pasted', secrets);
    assert.equal(kept.size, 0);
  });

  it('with an untrusted client certificate fails with a clear message', async () => {
    const t = await fresh();
    const e = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.url, name: 'lxd-untrusted', clientCert: peer.untrustedCert, clientKey: peer.untrustedKey });
    await assert.rejects(syncEngine(t.catalog, e, testEngineContext()), (err: Error & { kind?: string }) => {
      assert.equal(err.kind, 'untrusted');
      assert.match(err.message, /does not trust this client certificate/);
      assert.match(err.message, /lxc config trust add/);
      return true;
    });
    const rec = await getEngine(t.catalog, 'lxd-untrusted');
    assert.match(rec.lastError ?? '', /^untrusted: LXD at https:\/\/127\.0\.0\.1:\d+ does not trust/);
    assert.equal(engineStatus(rec).health, 'error');
    assert.equal(engineStatus(rec).label, 'sync failed · never synced');
  });

  it('when the server stops trusting us, the catalog is kept and the state says why', async () => {
    const t = await fresh();
    const ctx = testEngineContext();
    const e = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.url, name: 'lxd-revoked', clientCert: peer.clientCert, clientKey: peer.clientKey });
    await syncEngine(t.catalog, e, ctx);
    const before = await t.catalog.read((em) => listContainers(em, e.id));
    const fp = certFingerprint(readFileSync(peer.clientCert, 'utf8'));
    lxc(peer, ['config', 'trust', 'remove', fp]);
    try {
      await assert.rejects(syncEngine(t.catalog, e, ctx), { kind: 'untrusted' });
    } finally {
      lxc(peer, ['config', 'trust', 'add', peer.clientCert, '--name', 'cc-test-trusted']);
    }
    assert.deepEqual(await t.catalog.read((em) => listContainers(em, e.id)), before);
    const rec = await getEngine(t.catalog, 'lxd-revoked');
    assert.equal(engineStatus(rec).label, 'sync failed · synced just now');
    await syncEngine(t.catalog, e, ctx);
    assert.equal((await getEngine(t.catalog, 'lxd-revoked')).lastError, null);
  });

  it('refuses a server whose certificate does not match the pinned one', async () => {
    const t = await fresh();
    const ctx = testEngineContext();
    const e = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.url, name: 'lxd-pinned-wrong', clientCert: peer.clientCert, clientKey: peer.clientKey });
    writeFileSync(join(ctx.certDir, `${e.id}.crt`), readFileSync(peer.clientCert));
    await assert.rejects(syncEngine(t.catalog, e, ctx), (err: Error & { kind?: string }) => {
      assert.equal(err.kind, 'tls');
      assert.match(err.message, /server certificate of .* changed/);
      return true;
    });
  });

  it('rejects bad engine definitions before storing anything', async () => {
    const t = await fresh();
    await assert.rejects(addEngine(t.catalog, { kind: 'lxd', endpoint: peer.url, name: 'x' }), /needs --cert and --key/);
    await assert.rejects(addEngine(t.catalog, { kind: 'lxd', endpoint: 'relative/unix.socket' }), /unix socket path \(absolute\)/);
    await assert.rejects(addEngine(t.catalog, { kind: 'lxd', endpoint: 'https://', clientCert: peer.clientCert, clientKey: peer.clientKey }), /Not a valid https URL/);
    await assert.rejects(
      addEngine(t.catalog, { kind: 'lxd', endpoint: peer.url, name: 'y', clientCert: '/nonexistent.crt', clientKey: peer.clientKey }),
      /No such file: \/nonexistent\.crt/,
    );
    await assert.rejects(addEngine(t.catalog, { kind: 'podman', endpoint: peer.url, clientCert: peer.clientCert, clientKey: peer.clientKey }), /Only LXD/);
    await assert.rejects(addEngine(t.catalog, { kind: 'lxc' as 'lxd', endpoint: peer.socket }), /Unknown engine kind "lxc"/);
    const rows = await t.catalog.read((em) => em.query('SELECT count(*) n FROM engines'));
    assert.equal(Number(rows[0].n), 1, 'only the built-in local catalog');
  });
});

function sortObj<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}
