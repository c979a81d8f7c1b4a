import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listContainers } from '../../../src/containers/catalogReads';
import { ContainerActions } from '../../../src/containers/containerActions';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine, getEngine } from '../../../src/containers/engineRegistry';
import { syncEngine } from '../../../src/containers/syncEngine';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { docker, dockerPeer, dockerTlsPeer, testEngineContext } from './enginePeers';
import type { DockerTlsPeer, EngineApiPeer } from './enginePeers';

describe('Docker over tcp:// with TLS client certificates (the real Docker peer with --tlsverify on 127.0.0.1)', function () {
  let tlsPeer: DockerTlsPeer;
  let dk: EngineApiPeer;
  let t: TempCatalog;
  let engine: EngineRecord;

  const add = (name: string, certPath: string): Promise<EngineRecord> =>
    addEngine(t.catalog, { kind: 'docker', endpoint: tlsPeer.host, name, clientCert: join(certPath, 'cert.pem'), clientKey: join(certPath, 'key.pem') });

  before(async () => {
    tlsPeer = dockerTlsPeer();
    dk = dockerPeer();
    t = await openTempCatalog();
    engine = await add('docker-tls', tlsPeer.certPath);
  });
  after(async () => t?.dispose());

  it('syncs over TLS: the catalog holds what `docker ps -a` lists', async () => {
    await syncEngine(t.catalog, engine, testEngineContext());
    const names = docker(dk, ['ps', '-a', '--format', '{{.Names}}']).split('\n').filter(Boolean).sort();
    const rows = await t.catalog.read((em) => listContainers(em, engine.id));
    assert.deepEqual(rows.map((r) => r.name), names);
    for (const n of dk.containers) assert.ok(names.includes(n), n);
    assert.equal((await getEngine(t.catalog, engine.name)).lastError, null);
  });

  it('starts and stops a container over TLS', async () => {
    const actions = new ContainerActions(t.catalog, testEngineContext());
    const state = (): string => docker(dk, ['container', 'inspect', '--format', '{{.State.Status}}', 'dk-plain']).trim();
    await actions.lifecycle(engine, 'dk-plain', 'start');
    assert.equal(state(), 'running');
    await actions.lifecycle(engine, 'dk-plain', 'stop', true);
    assert.notEqual(state(), 'running');
  });

  it('is refused by the daemon with a client certificate from another CA, and says so', async () => {
    // A separate catalog: the same address is one engine per catalog.
    const own = await openTempCatalog();
    try {
      const bad = await addEngine(own.catalog, {
        kind: 'docker',
        endpoint: tlsPeer.host,
        name: 'docker-bad-cert',
        clientCert: join(tlsPeer.badCertPath, 'cert.pem'),
        clientKey: join(tlsPeer.badCertPath, 'key.pem'),
      });
      await assert.rejects(syncEngine(own.catalog, bad, testEngineContext()), (err: Error) => {
        assert.match(err.message, /refused our client certificate/);
        return true;
      });
      assert.deepEqual(await own.catalog.read((em) => listContainers(em, bad.id)), []);
    } finally {
      await own.dispose();
    }
  });

  it('refuses a daemon whose certificate the given ca.pem does not vouch for', async () => {
    // The trusted client certificate and key, but another CA in ca.pem: the server cannot be verified.
    const dir = mkdtempSync(join(tmpdir(), 'cc-docker-tls-'));
    cpSync(tlsPeer.certPath, dir, { recursive: true });
    cpSync(join(tlsPeer.badCertPath, '..', 'other-ca.pem'), join(dir, 'ca.pem'));
    const own = await openTempCatalog();
    try {
      const e = await addEngine(own.catalog, { kind: 'docker', endpoint: tlsPeer.host, name: 'docker-wrong-ca', clientCert: join(dir, 'cert.pem'), clientKey: join(dir, 'key.pem') });
      await assert.rejects(syncEngine(own.catalog, e, testEngineContext()), /the engine's certificate is not trusted by the given ca\.pem .*Refusing to talk to it\./);
    } finally {
      await own.dispose();
    }
  });

  it('refuses tcp:// engines it cannot use, naming what is missing', async () => {
    const cert = join(tlsPeer.certPath, 'cert.pem');
    const key = join(tlsPeer.certPath, 'key.pem');
    const noCa = mkdtempSync(join(tmpdir(), 'cc-docker-noca-'));
    writeFileSync(join(noCa, 'cert.pem'), 'x');
    const cases: [Parameters<typeof addEngine>[1], RegExp][] = [
      [{ kind: 'docker', endpoint: tlsPeer.host, name: 'x' }, /needs --cert and --key/],
      [{ kind: 'podman', endpoint: tlsPeer.host, name: 'x', clientCert: cert, clientKey: key }, /reach Podman through ssh:\/\//],
      [{ kind: 'docker', endpoint: 'tcp://127.0.0.1', name: 'x', clientCert: cert, clientKey: key }, /Give the host and port/],
      [{ kind: 'docker', endpoint: `${tlsPeer.host}/v1.41`, name: 'x', clientCert: cert, clientKey: key }, /Give the address only/],
      [{ kind: 'docker', endpoint: 'tcp://127.0.0.1:1', name: 'x', clientCert: join(noCa, 'cert.pem'), clientKey: key }, /No such file: .*ca\.pem/],
      [{ kind: 'docker', endpoint: tlsPeer.host.replace('tcp', 'TCP'), name: 'x', clientCert: cert, clientKey: key }, /already connected as "docker-tls"/],
    ];
    for (const [spec, why] of cases) await assert.rejects(addEngine(t.catalog, spec), why, JSON.stringify(spec));
    assert.deepEqual(await t.catalog.read((em) => em.query("SELECT name FROM engines WHERE name = 'x'")), []);
  });
});
