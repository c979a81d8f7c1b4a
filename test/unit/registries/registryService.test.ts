import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from '../../../src/entities/Registry';
import { RegistryRepository } from '../../../src/entities/RegistryRepository';
import type { Logger } from '../../../src/shared/logger';
import { importLogins } from '../../../src/registries/importLogins';
import { isRegistryError, type RegistryErrorKind } from '../../../src/registries/registryError';
import { registrySecretKey } from '../../../src/registries/registrySecrets';
import { RegistryService } from '../../../src/registries/registryService';
import { RegistryUrlError } from '../../../src/registries/registryUrl';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { registryPeer, type RegistryPeer } from './registryPeer';
import { MapSecretStore } from '../../support/mapSecretStore';

const lines: string[] = [];
const log: Logger = {
  trace: (m) => lines.push(m),
  debug: (m) => lines.push(m),
  info: (m) => lines.push(m),
  warn: (m) => lines.push(m),
  error: (m) => lines.push(String(m)),
};

describe('registries: service over a real catalog and real registries', function () {
  let peer: RegistryPeer;
  let t: TempCatalog;
  let secrets: MapSecretStore;
  let service: RegistryService;

  const rejectsWith = async (p: Promise<unknown>, kind: RegistryErrorKind, message: RegExp) => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(isRegistryError(e), `expected a RegistryError, got ${String(e)}`);
      assert.equal(e.kind, kind, e.message);
      assert.match(e.message, message);
      return true;
    });
  };
  const rows = () => t.catalog.read((em) => em.find(Registry, { order: { url: 'ASC' } }));
  const catalogBytes = async () => {
    await t.catalog.flush();
    return readFileSync(t.catalog.file);
  };

  before(() => {
    peer = registryPeer();
  });
  beforeEach(async () => {
    t = await openTempCatalog();
    secrets = new MapSecretStore();
    service = new RegistryService({ catalog: async () => t.catalog, secrets, log, timeoutMs: 10_000 });
  });
  afterEach(async () => {
    service.dispose();
    await t.dispose();
  });

  it('starts from the seeded defaults and adds registries with UUID v7 ids and normalised URLs', async () => {
    assert.deepEqual((await service.list()).map((r) => r.url).sort(), ['docker.io', 'ghcr.io', 'quay.io']);
    const r = await service.add({ url: `http://${peer.anon}/`, name: ' Local ' });
    assert.match(r.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(r.url, peer.anon);
    assert.equal(r.name, 'Local');
    assert.equal(r.loggedIn, false);
    assert.equal((await service.add({ url: peer.basic })).name, peer.basic);
  });

  it('refuses a registry that is already added, whatever the spelling, without a duplicate', async () => {
    await service.add({ url: peer.anon });
    await rejectsWith(service.add({ url: `http://${peer.anon}/v2/` }), 'duplicate', new RegExp(`${peer.anon} is already added`));
    await rejectsWith(service.add({ url: 'https://index.docker.io/v1/' }), 'duplicate', /docker\.io is already added \(as "Docker Hub"\)/);
    assert.equal((await rows()).filter((r) => r.url === peer.anon).length, 1);
    assert.equal((await rows()).length, 4);
  });

  it('rejects bad input before touching the catalog', async () => {
    await assert.rejects(service.add({ url: 'ftp://x.example' }), (e: unknown) => e instanceof RegistryUrlError && /scheme "ftp:\/\/"/.test(e.message));
    await rejectsWith(service.add({ url: `https://${peer.tls}`, caFile: '/nonexistent/ca.crt' }), 'caFile', /not found/);
    assert.equal((await rows()).length, 3);
  });

  it('verifies a login before saving anything: a wrong password leaves no trace', async () => {
    const r = await service.add({ url: peer.basic });
    await rejectsWith(service.login(r.id, peer.user, 'not-the-password'), 'unauthorized', /Wrong credentials/);
    const after = await service.get(r.id);
    assert.equal(after.loggedIn, false);
    assert.equal(after.username, null);
    assert.equal(after.verifiedAt, null);
    assert.equal(secrets.map.size, 0);
  });

  it('logs in (secret only in the SecretStore, keyed by id), browses with it, and logs out', async () => {
    const r = await service.add({ url: peer.basic });
    const result = await service.login(peer.basic, peer.user, peer.password);
    assert.equal(result.credentialsVerified, true);
    assert.equal(result.registry.loggedIn, true);
    assert.equal(result.registry.username, peer.user);
    assert.ok(result.registry.verifiedAt instanceof Date);
    assert.equal(result.registry.lastError, null);
    assert.deepEqual([...secrets.map.entries()], [[registrySecretKey(r.id), peer.password]]);

    const page = await service.browser.repositoriesPage(r.id, undefined, { pageSize: 100 });
    assert.deepEqual(page.items, [...peer.repos].sort());
    assert.deepEqual([...(await service.browser.tagsPage(r.id, peer.tagsRepo, undefined)).items].sort(), [...peer.tags].sort());

    const bytes = await catalogBytes();
    assert.equal(bytes.includes(Buffer.from(peer.password)), false, 'password bytes in catalog.db');
    assert.equal(bytes.includes(Buffer.from(Buffer.from(`${peer.user}:${peer.password}`).toString('base64'))), false);
    assert.equal(lines.some((l) => l.includes(peer.password)), false, 'password in the log');

    const out = await service.logout(r.id);
    assert.equal(out.loggedIn, false);
    assert.equal(secrets.map.size, 0);
    await rejectsWith(service.browser.repositoriesPage(r.id, undefined), 'catalogNotAllowed', /anonymously/);
  });

  it('marks a saved login stale, with the reason, when the registry no longer accepts it', async () => {
    const r = await service.add({ url: peer.basic });
    await service.login(r.id, peer.user, peer.password);
    // The password was changed elsewhere: what the keychain holds is no longer accepted.
    await secrets.store(registrySecretKey(r.id), 'changed-elsewhere');
    service.dispose();
    const verify = await service.verify(r.id);
    assert.equal(verify.ok, false);
    assert.equal(verify.error?.kind, 'unauthorized');
    assert.equal(verify.registry.loggedIn, true);
    assert.match(verify.registry.lastError ?? '', /Wrong credentials/);

    await service.login(r.id, peer.user, peer.password);
    assert.equal((await service.get(r.id)).lastError, null);
    await secrets.store(registrySecretKey(r.id), 'changed-again');
    service.dispose();
    await rejectsWith(service.browser.tagsPage(r.id, peer.tagsRepo, undefined), 'unauthorized', /Wrong credentials/);
    assert.match((await service.get(r.id)).lastError ?? '', /Wrong credentials/);
  });

  it('records a failed check with its reason, and the registry stays as it was (real nginx: 502, 429)', async () => {
    const gateway = await service.add({ url: peer.badGateway });
    const down = await service.verify(gateway.id);
    assert.equal(down.ok, false);
    assert.equal(down.error?.kind, 'server');
    assert.match(down.registry.lastError ?? '', /could not reach the registry \(HTTP 502 Bad Gateway\)/);
    assert.equal(down.registry.verifiedAt, null);

    const limited = await service.add({ url: peer.rateLimited });
    // One request a minute passes, so the second of two checks in a row is always refused.
    await service.verify(limited.id);
    const refused = await service.verify(limited.id);
    assert.equal(refused.ok, false);
    assert.equal(refused.error?.kind, 'rateLimited');
    assert.match(refused.error?.message ?? '', /rate limiting requests \(HTTP 429\); try again in 60 s/);
    assert.equal((await service.get(limited.id)).lastError, refused.error?.message);
  });

  it('edits name, URL, TLS settings and credentials in place', async () => {
    const r = await service.add({ url: `https://${peer.tls}`, name: 'TLS' });
    const before = await service.verify(r.id);
    assert.equal(before.ok, false);
    assert.match(before.registry.lastError ?? '', /not trusted .*CA certificate file/);

    const edited = await service.update(r.id, { name: 'TLS with CA', caFile: peer.tlsCa });
    assert.equal(edited.id, r.id);
    assert.equal(edited.name, 'TLS with CA');
    assert.equal(edited.caFile, peer.tlsCa);
    assert.equal((await service.verify(r.id)).ok, true);

    const b = await service.add({ url: peer.bearer });
    // A wrong password in an edit changes nothing, not even the name given with it.
    await rejectsWith(service.update(b.id, { name: 'renamed', username: peer.user, password: 'wrong' }), 'unauthorized', /Wrong credentials/);
    assert.equal((await service.get(b.id)).name, peer.bearer);
    const loggedIn = await service.update(b.id, { name: 'Bearer', username: peer.limitedUser, password: peer.limitedPassword });
    assert.equal(loggedIn.username, peer.limitedUser);
    assert.equal(loggedIn.loggedIn, true);
    assert.equal(secrets.map.get(registrySecretKey(b.id)), peer.limitedPassword);
    // Editing the URL keeps the id; moving onto another registry's URL is refused.
    await rejectsWith(service.update(b.id, { url: `https://${peer.tls}` }), 'duplicate', /already added \(as "TLS with CA"\)/);
    const moved = await service.update(r.id, { url: `https://localhost:${peer.tls.split(':')[1]}` });
    assert.equal(moved.id, r.id);
    assert.equal(moved.url, `https://localhost:${peer.tls.split(':')[1]}`);
    assert.equal((await rows()).length, 5);
  });

  it('never sends a saved password to another host: moving to a new host name ends the login', async () => {
    const r = await service.add({ url: peer.basic });
    await service.login(r.id, peer.user, peer.password);
    // Another port on the same host keeps the login (and checks it again: this port has no auth).
    const samePort = await service.update(r.id, { url: peer.anon });
    assert.equal(samePort.loggedIn, true);
    assert.equal(secrets.map.get(registrySecretKey(r.id)), peer.password);
    const back = await service.update(r.id, { url: peer.basic });
    assert.equal(back.loggedIn, true);
    assert.equal(back.lastError, null);
    // Another host name: the secret is deleted before anything could be sent there.
    const moved = await service.update(r.id, { url: `localhost:${peer.basic.split(':')[1]}` });
    assert.equal(moved.loggedIn, false);
    assert.equal(secrets.map.size, 0);
    // …unless the edit brings credentials for the new host, which are verified there first.
    const relogged = await service.update(r.id, { url: peer.basic, username: peer.user, password: peer.password });
    assert.equal(relogged.loggedIn, true);
    assert.equal(secrets.map.get(registrySecretKey(r.id)), peer.password);
  });

  it('tracks repositories by hand on a registry that refuses _catalog, and browses their tags', async () => {
    const r = await service.add({ url: peer.bearer });
    await rejectsWith(service.browser.repositoriesPage(r.id, undefined), 'catalogNotAllowed', /Track the repositories/);
    await service.browser.track(r.id, 'team/alpha');
    await service.browser.track(r.id, `${peer.bearer}/tools/one`);
    await rejectsWith(service.browser.track(r.id, 'team/alpha'), 'duplicate', /already tracked/);
    await rejectsWith(service.browser.track(r.id, 'Team/Alpha'), 'invalid', /lowercase/);
    assert.deepEqual(await service.browser.trackedRepositories(r.id), ['team/alpha', 'tools/one']);
    assert.deepEqual((await service.browser.tagsPage(r.id, 'team/alpha', undefined)).items, ['1.0']);
    assert.equal(await service.browser.manifestDigest(r.id, 'tools/one', '1.1'), peer.digests['tools/one:1.1']);
    await service.browser.untrack(r.id, 'team/alpha');
    assert.deepEqual(await service.browser.trackedRepositories(r.id), ['tools/one']);
    await rejectsWith(service.browser.untrack(r.id, 'team/alpha'), 'invalid', /not tracked/);
  });

  it('removes a registry with its tracked repositories and its secret', async () => {
    const r = await service.add({ url: peer.basic });
    await service.login(r.id, peer.user, peer.password);
    await service.browser.track(r.id, 'team/beta');
    await service.remove(peer.basic);
    assert.equal(await service.find(r.id), undefined);
    assert.equal(await t.catalog.read((em) => em.countBy(RegistryRepository, { registryId: r.id })), 0);
    assert.equal(secrets.map.size, 0);
    await rejectsWith(service.remove(r.id), 'unknownRegistry', /No registry/);
  });

  it('finds and deletes saved logins whose registry was removed while no window watched', async () => {
    let index: readonly string[] = [];
    const indexed = new RegistryService({ catalog: async () => t.catalog, secrets, log, secretIndex: { get: () => index, set: async (ids) => void (index = ids) } });
    const a = await indexed.add({ url: peer.basic });
    const b = await indexed.add({ url: peer.bearer });
    await indexed.login(a.id, peer.user, peer.password);
    await indexed.login(b.id, peer.user, peer.password);
    assert.deepEqual([...index].sort(), [a.id, b.id].sort());
    // Removed by a process without access to the secrets (the CLI): the row goes, the secret stays…
    await t.catalog.write((em) => em.delete(Registry, { id: a.id }));
    assert.equal(secrets.map.has(registrySecretKey(a.id)), true);
    // …until a window prunes: only the orphan is deleted.
    assert.deepEqual(await indexed.pruneOrphanSecrets(), [a.id]);
    assert.deepEqual([...secrets.map.keys()], [registrySecretKey(b.id)]);
    assert.deepEqual(index, [b.id]);
    await indexed.logout(b.id);
    assert.deepEqual(index, []);
    indexed.dispose();
  });

  it('imports inline logins from docker and podman files, verified first; names credential helpers', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const docker = join(t.dir, 'config.json');
    writeFileSync(
      docker,
      JSON.stringify({
        auths: {
          [`http://${peer.basic}`]: { auth: b64(`${peer.user}:${peer.password}`) },
          [peer.down]: { auth: b64('someone:pw') },
        },
        credHelpers: { 'gcr.io': 'gcloud' },
      }),
    );
    const podman = join(t.dir, 'auth.json');
    writeFileSync(podman, JSON.stringify({ auths: { [peer.bearer]: { auth: b64(`${peer.limitedUser}:${peer.limitedPassword}`) }, [peer.basic]: { auth: b64('other:pw') } } }));
    await service.add({ url: peer.bearer, name: 'Bearer' });

    const report = await importLogins(service, [docker, podman]);
    assert.deepEqual(
      report.imported.map((i) => [i.url, i.username, i.added]),
      [
        [peer.basic, peer.user, true],
        [peer.bearer, peer.limitedUser, false],
      ],
    );
    assert.equal(report.failed.length, 1);
    assert.equal(report.failed[0].url, peer.down);
    assert.match(report.failed[0].reason, /Connection refused/);
    assert.deepEqual(report.helpers.map((h) => [h.registry, h.helper]), [['gcr.io', 'docker-credential-gcloud']]);
    assert.match(report.skipped.find((s) => s.registry === peer.basic)?.reason ?? '', /already imported/);
    assert.equal(await service.find(peer.down), undefined, 'a registry whose login failed is not added');

    const basic = await service.get(peer.basic);
    assert.equal(basic.loggedIn, true);
    assert.equal(secrets.map.get(registrySecretKey(basic.id)), peer.password);
    const bytes = await catalogBytes();
    for (const secret of [peer.password, peer.limitedPassword]) assert.equal(bytes.includes(Buffer.from(secret)), false);
  });
});
