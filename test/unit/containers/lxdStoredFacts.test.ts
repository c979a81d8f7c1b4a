import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { listEngineCertificates } from '../../../src/containers/engineCertificates';
import { countEngineObjects } from '../../../src/containers/engineObjectCounts';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { listServerConfig } from '../../../src/containers/engineServerConfig';
import { readLxdImageFacts } from '../../../src/containers/lxdImageFacts';
import { syncEngine } from '../../../src/containers/syncEngine';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { lxc, lxcQuery, lxdPeer, testEngineContext } from './enginePeers';

interface LxdImage {
  fingerprint: string;
  aliases: { name: string; description: string }[];
  properties: Record<string, string>;
  update_source?: { server: string; protocol: string; alias: string };
}

/** The expiry `openssl` reads from a PEM: an independent reading of the certificate. */
function opensslEnd(pem: string): Date {
  const r = spawnSync('openssl', ['x509', '-noout', '-enddate'], { input: pem, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return new Date(r.stdout.trim().replace(/^notAfter=/, ''));
}

/**
 * What the Containers view shows of an LXD engine besides its instances (image aliases, properties and
 * source; trusted certificates with their expiry; the server config) is what LXD itself answers.
 */
describe('LXD stored facts: image aliases, properties and source, certificates, server config (real LXD and simplestreams peers)', function () {
  this.timeout(120_000);
  const peer = lxdPeer();
  let t: TempCatalog;
  let engine: EngineRecord;
  let pulled = '';

  before(async () => {
    const url = process.env.CC_SIMPLESTREAMS_HTTPS_URL;
    const cert = process.env.CC_SIMPLESTREAMS_CERT;
    if (!url || !cert) throw new Error('CC_SIMPLESTREAMS_HTTPS_URL/CC_SIMPLESTREAMS_CERT are not set: run `test/peers/simplestreams.sh start` and source .build/peers/simplestreams.env');
    // An image LXD fetched from a server (so it has a source), with an alias of ours.
    const body = { source: { type: 'image', mode: 'pull', server: `${url}/ss`, protocol: 'simplestreams', alias: 'alpine/3.20', certificate: readFileSync(cert, 'utf8') } };
    const op = JSON.parse(lxc(peer, ['query', '-X', 'POST', '--wait', '-d', JSON.stringify(body), '/1.0/images'])) as { metadata: { fingerprint: string } };
    pulled = op.metadata.fingerprint;
    lxc(peer, ['image', 'alias', 'create', 'facts-alpine', pulled]);
    t = await openTempCatalog();
    engine = await addEngine(t.catalog, { kind: 'lxd', endpoint: peer.socket, name: 'lxd' });
    await syncEngine(t.catalog, engine, testEngineContext());
  });

  after(async () => {
    await t?.dispose();
    if (pulled) lxc(peer, ['image', 'delete', pulled]);
  });

  it('each image: its aliases, properties and source as LXD lists them; an imported image has no source', async () => {
    const images = lxcQuery<LxdImage[]>(peer, '/1.0/images?recursion=1');
    assert.ok(images.some((i) => i.fingerprint === pulled && i.update_source), 'LXD keeps the source of the pulled image');
    for (const img of images) {
      const facts = await readLxdImageFacts(t.catalog, engine.id, img.fingerprint);
      assert.ok(facts, img.fingerprint);
      assert.deepEqual(facts.aliases, [...img.aliases].sort((a, b) => (a.name < b.name ? -1 : 1)).map((a) => ({ name: a.name, description: a.description })));
      assert.deepEqual(Object.fromEntries(facts.properties.map((p) => [p.key, p.value])), img.properties);
      assert.deepEqual(facts.source, img.update_source ? { server: img.update_source.server, protocol: img.update_source.protocol, alias: img.update_source.alias } : null);
    }
    const alpine = await readLxdImageFacts(t.catalog, engine.id, pulled);
    assert.deepEqual(alpine?.aliases.map((a) => a.name), ['facts-alpine']);
    assert.equal(alpine?.source?.protocol, 'simplestreams');
    assert.equal(alpine?.source?.alias, 'alpine/3.20');
    assert.equal(alpine?.properties.find((p) => p.key === 'os')?.value, 'alpine');
    assert.equal(await readLxdImageFacts(t.catalog, engine.id, 'no-such-fingerprint'), undefined);
  });

  it('trusted certificates: name, fingerprint and the expiry written in the certificate', async () => {
    const own = lxcQuery<{ name: string; fingerprint: string; certificate: string; type: string }[]>(peer, '/1.0/certificates?recursion=1');
    const stored = await listEngineCertificates(t.catalog, engine.id);
    assert.ok(own.length >= 1, 'the peer trusts a client certificate');
    assert.deepEqual(stored.map((c) => c.fingerprint).sort(), own.map((c) => c.fingerprint).sort());
    for (const c of own) {
      const s = stored.find((x) => x.fingerprint === c.fingerprint);
      assert.equal(s?.name, c.name);
      assert.equal(s?.type, c.type);
      assert.equal(s?.expires?.getTime(), opensslEnd(c.certificate).getTime());
    }
    // The peer's trusted client certificate, by its file.
    const trusted = stored.find((c) => c.name === 'cc-test-trusted');
    assert.equal(trusted?.expires?.getTime(), opensslEnd(readFileSync(peer.clientCert, 'utf8')).getTime());
  });

  it("server config: LXD's keys and values, none that could hold a secret; the counts match", async () => {
    const own = lxcQuery<{ config: Record<string, string> }>(peer, '/1.0').config;
    const stored = await listServerConfig(t.catalog, engine.id);
    assert.deepEqual(Object.fromEntries(stored.map((c) => [c.key, c.value])), Object.fromEntries(Object.entries(own).filter(([k]) => !/password|secret|token/i.test(k))));
    assert.equal(stored.find((c) => c.key === 'images.auto_update_interval')?.value, '0');
    const counts = await countEngineObjects(t.catalog, engine.id);
    assert.equal(counts.config, stored.length);
    assert.equal(counts.certificates, (await listEngineCertificates(t.catalog, engine.id)).length);
  });
});
