import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listContainers } from '../../../src/containers/catalogReads';
import { listEngines } from '../../../src/containers/engineRegistry';
import type { ToolConfigPlaces } from '../../../src/containers/foundEngine';
import { findExistingEngines, importFoundEngines } from '../../../src/containers/importExistingEngines';
import { syncEngine } from '../../../src/containers/syncEngine';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { dockerTlsPeer, podmanPeer, sshdPeer, testEngineContext } from './enginePeers';

/** A Docker context as `docker context create` writes it: meta.json under the sha256 of its name, TLS files beside. */
function writeDockerContext(home: string, name: string, host: string, opts: { skipTls?: boolean; tlsFrom?: string } = {}): void {
  const id = createHash('sha256').update(name).digest('hex');
  const meta = join(home, '.docker', 'contexts', 'meta', id);
  mkdirSync(meta, { recursive: true });
  writeFileSync(
    join(meta, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: { Description: '' }, Endpoints: { docker: { Host: host, SkipTLSVerify: opts.skipTls ?? false } } }),
  );
  if (opts.tlsFrom) {
    const tls = join(home, '.docker', 'contexts', 'tls', id, 'docker');
    mkdirSync(tls, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) cpSync(join(opts.tlsFrom, f), join(tls, f));
  }
}

describe('Import of Docker contexts and Podman connections (real files in a temp HOME, real peers)', function () {
  let home: string;
  let places: ToolConfigPlaces;
  let t: TempCatalog;

  before(async () => {
    const tls = dockerTlsPeer();
    const sshd = sshdPeer();
    const pd = podmanPeer();
    home = mkdtempSync(join(tmpdir(), 'cc-import-home-'));
    places = { home, localUser: 'someone' };
    writeDockerContext(home, 'tls-box', tls.host, { tlsFrom: tls.certPath });
    writeDockerContext(home, 'ssh-box', `ssh://127.0.0.1:${sshd.port}`);
    writeDockerContext(home, 'careless', tls.host, { skipTls: true, tlsFrom: tls.certPath });
    writeDockerContext(home, 'plain', 'tcp://127.0.0.1:2375');
    const containers = join(home, '.config', 'containers');
    mkdirSync(containers, { recursive: true });
    writeFileSync(
      join(containers, 'podman-connections.json'),
      JSON.stringify({
        Connection: {
          Default: 'lab',
          Connections: { lab: { URI: `ssh://${sshd.user}@127.0.0.1:${sshd.port}${pd.socket}`, Identity: sshd.key, IsMachine: false } },
        },
        Farm: {},
      }),
    );
    writeFileSync(
      join(containers, 'containers.conf'),
      [
        '[engine]',
        'active_service = "lab"',
        '[engine.service_destinations.lab]',
        'uri = "unix:///ignored/because/the/json/has/lab.sock"',
        '[engine.service_destinations.local]',
        'uri = "unix:///run/podman/podman.sock"',
        '[engine.service_destinations.old-tcp]',
        'uri = "tcp://127.0.0.1:8080"',
        '',
      ].join('\n'),
    );
    t = await openTempCatalog();
  });
  after(async () => t?.dispose());

  it('finds each context and connection, with a reason for those it cannot use', async () => {
    const found = await findExistingEngines(places);
    const summary = found.map((f) => [f.origin, f.engine?.endpoint ?? `problem: ${f.problem}`]);
    const tls = dockerTlsPeer();
    const sshd = sshdPeer();
    const byOrigin = new Map(summary.map(([o, v]) => [o, v]));
    assert.equal(byOrigin.get('Docker context "tls-box"'), tls.host);
    assert.equal(byOrigin.get('Docker context "ssh-box"'), `ssh://someone@127.0.0.1:${sshd.port}`);
    assert.match(byOrigin.get('Docker context "careless"')!, /problem: It skips TLS verification/);
    assert.match(byOrigin.get('Docker context "plain"')!, /problem: .*plain TCP without TLS/);
    assert.equal(byOrigin.get('Podman connection "lab"'), `ssh://${sshd.user}@127.0.0.1:${sshd.port}${podmanPeer().socket}`);
    assert.equal(byOrigin.get('Podman connection "local"'), '/run/podman/podman.sock');
    assert.match(byOrigin.get('Podman connection "old-tcp"')!, /problem: .*plain TCP/);
    assert.equal(found.length, 7, JSON.stringify(summary));
    const tlsBox = found.find((f) => f.origin === 'Docker context "tls-box"')!;
    assert.match(tlsBox.engine!.clientCert!, /\.docker\/contexts\/tls\/[0-9a-f]{64}\/docker\/cert\.pem$/);
    assert.equal(found.find((f) => f.origin === 'Podman connection "lab"')!.engine!.clientKey, sshd.key);
  });

  it('imports the usable ones, and the imported engines sync against the real peers (TLS and SSH)', async () => {
    const result = await importFoundEngines(t.catalog, await findExistingEngines(places));
    assert.deepEqual(result.added.map((e) => e.name).sort(), ['docker ssh-box', 'docker tls-box', 'podman lab', 'podman local']);
    assert.deepEqual(result.skipped.map((s) => s.origin).sort(), ['Docker context "careless"', 'Docker context "plain"', 'Podman connection "old-tcp"']);
    const engines = await listEngines(t.catalog);
    const tlsBox = engines.find((e) => e.name === 'docker tls-box')!;
    const lab = engines.find((e) => e.name === 'podman lab')!;
    await syncEngine(t.catalog, tlsBox, testEngineContext());
    assert.ok((await t.catalog.read((em) => listContainers(em, tlsBox.id))).some((c) => c.name === 'dk-web'));
    await syncEngine(t.catalog, lab, { ...testEngineContext(), knownHostsFiles: [sshdPeer().knownHosts], sshAgentSocket: null });
    assert.ok((await t.catalog.read((em) => listContainers(em, lab.id))).some((c) => c.name === 'pd-web'));
  });

  it('imports nothing twice: a second import reports every one as already connected', async () => {
    const before = (await listEngines(t.catalog)).length;
    const again = await importFoundEngines(t.catalog, await findExistingEngines(places));
    assert.deepEqual(again.added, []);
    for (const s of again.skipped.filter((x) => !/careless|plain|old-tcp/.test(x.origin))) assert.match(s.reason, /already (connected|exists)/, s.origin);
    assert.equal((await listEngines(t.catalog)).length, before);
  });

  it('reports a broken meta.json or containers.conf by file, and still reads the rest', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'cc-import-broken-'));
    mkdirSync(join(broken, '.docker', 'contexts', 'meta', 'abc'), { recursive: true });
    writeFileSync(join(broken, '.docker', 'contexts', 'meta', 'abc', 'meta.json'), '{not json');
    writeDockerContext(broken, 'fine', 'unix:///var/run/docker.sock');
    mkdirSync(join(broken, '.config', 'containers'), { recursive: true });
    writeFileSync(join(broken, '.config', 'containers', 'containers.conf'), '[engine\nuri = ');
    const found = await findExistingEngines({ home: broken, localUser: 'someone' });
    assert.ok(found.some((f) => f.file.endsWith('abc/meta.json') && /^Cannot read it/.test(f.problem ?? '')));
    assert.ok(found.some((f) => f.origin === 'Docker context "fine"' && f.engine?.endpoint === '/var/run/docker.sock'));
    assert.ok(found.some((f) => f.file.endsWith('containers.conf') && /^Cannot read it/.test(f.problem ?? '')));
  });

  it('finds the engines DOCKER_HOST and CONTAINER_HOST name, and imports and syncs them (TLS and SSH)', async () => {
    const tls = dockerTlsPeer();
    const sshd = sshdPeer();
    const bare = mkdtempSync(join(tmpdir(), 'cc-import-env-'));
    const env = {
      DOCKER_HOST: tls.host,
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: tls.certPath,
      CONTAINER_HOST: `ssh://${sshd.user}@127.0.0.1:${sshd.port}${podmanPeer().socket}`,
      CONTAINER_SSHKEY: sshd.key,
    };
    const found = await findExistingEngines({ home: bare, localUser: 'someone', env });
    assert.deepEqual(
      found.map((f) => [f.origin, f.engine?.endpoint]),
      [
        ['DOCKER_HOST', tls.host],
        ['CONTAINER_HOST', env.CONTAINER_HOST],
      ],
    );
    assert.equal(found[0].engine!.clientCert, join(tls.certPath, 'cert.pem'));
    assert.equal(found[1].engine!.clientKey, sshd.key);
    const fresh = await openTempCatalog();
    try {
      const result = await importFoundEngines(fresh.catalog, found);
      assert.deepEqual(result.added.map((e) => e.name), ['docker (DOCKER_HOST)', 'podman (CONTAINER_HOST)']);
      await syncEngine(fresh.catalog, result.added[0], testEngineContext());
      assert.ok((await fresh.catalog.read((em) => listContainers(em, result.added[0].id))).some((c) => c.name === 'dk-web'));
      await syncEngine(fresh.catalog, result.added[1], { ...testEngineContext(), knownHostsFiles: [sshd.knownHosts], sshAgentSocket: null });
      assert.ok((await fresh.catalog.read((em) => listContainers(em, result.added[1].id))).some((c) => c.name === 'pd-web'));
    } finally {
      await fresh.dispose();
    }
  });

  it('says why a DOCKER_HOST cannot be used: unverified TLS, missing certificates, plain TCP', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'cc-import-env-'));
    const problem = async (env: ToolConfigPlaces['env']): Promise<string | undefined> => (await findExistingEngines({ home: bare, localUser: 'someone', env }))[0]?.problem;
    assert.match((await problem({ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS: '1' }))!, /without DOCKER_TLS_VERIFY/);
    assert.match((await problem({ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1' }))!, /does not exist/);
    assert.match((await problem({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }))!, /plain TCP without TLS/);
    assert.match((await problem({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }))!, /not supported/);
    // Nothing set: nothing found, and the context files of an empty HOME add nothing either.
    assert.deepEqual(await findExistingEngines({ home: bare, localUser: 'someone', env: {} }), []);
  });
});
