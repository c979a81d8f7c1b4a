import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { RegistryClient, type RegistryClientOptions } from '../../../src/registries/registryClient';
import { isRegistryError, type RegistryErrorKind } from '../../../src/registries/registryError';
import { normalizeRegistryUrl } from '../../../src/registries/registryUrl';
import { registryPeer, type RegistryPeer } from './registryPeer';

// Runs against the real registries of test/peers/registry.sh (CNCF distribution 2.8 + our token server).
describe('registries: client against real registries', function () {
  let peer: RegistryPeer;
  const clients: RegistryClient[] = [];
  const client = (url: string, extra: Partial<RegistryClientOptions> = {}) => {
    const c = new RegistryClient({ endpoint: normalizeRegistryUrl(url), timeoutMs: 10_000, ...extra });
    clients.push(c);
    return c;
  };
  const rejectsWith = async (p: Promise<unknown>, kind: RegistryErrorKind, message: RegExp) => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(isRegistryError(e), `expected a RegistryError, got ${String(e)}`);
      assert.equal(e.kind, kind, `kind of: ${e.message}`);
      assert.match(e.message, message);
      return true;
    });
  };
  const collect = async <T>(it: AsyncIterable<T>) => {
    const out: T[] = [];
    for await (const x of it) out.push(x);
    return out;
  };
  const tokenStats = async (): Promise<{ issued: number; requests: { user: string | null; scopes: string[] }[] }> =>
    (await fetch(`${peer.tokenServer}/stats`)).json() as Promise<{ issued: number; requests: { user: string | null; scopes: string[] }[] }>;

  before(() => {
    peer = registryPeer();
  });
  after(() => clients.forEach((c) => c.close()));

  describe('anonymous registry', () => {
    it('answers the /v2/ probe without auth', async () => {
      assert.deepEqual(await client(peer.anon).ping(), { auth: 'none', credentialsVerified: false });
    });

    it('pages _catalog two at a time over all repositories, following Link rel="next"', async () => {
      const c = client(peer.anon);
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await c.catalogPage(cursor, { pageSize: 2 });
        pages.push(page.items);
        cursor = page.next;
      } while (cursor);
      assert.ok(peer.repos.length >= 7);
      assert.ok(pages.every((p) => p.length <= 2));
      assert.ok(pages.length >= Math.ceil(peer.repos.length / 2));
      assert.deepEqual(pages.flat(), [...peer.repos].sort());
      // The iterator yields the same, lazily page by page.
      assert.deepEqual(await collect(c.repositories({ pageSize: 2 })), [...peer.repos].sort());
    });

    it('fetches pages only as the caller iterates, and stops when it stops', async () => {
      let pagesFetched = 0;
      // A real client that counts the pages it fetches from the real registry.
      class CountingClient extends RegistryClient {
        override catalogPage(...args: Parameters<RegistryClient['catalogPage']>) {
          pagesFetched++;
          return super.catalogPage(...args);
        }
      }
      const c = new CountingClient({ endpoint: normalizeRegistryUrl(peer.anon) });
      clients.push(c);
      const first: string[] = [];
      for await (const repo of c.repositories({ pageSize: 2 })) {
        first.push(repo);
        if (first.length === 3) break;
      }
      assert.deepEqual(first, [...peer.repos].sort().slice(0, 3));
      assert.equal(pagesFetched, 2);
    });

    it('lists the tags of a repository', async () => {
      const tags = await collect(client(peer.anon).tags(peer.tagsRepo));
      assert.deepEqual([...tags].sort(), [...peer.tags].sort());
    });

    it('treats "tags": null (every tag deleted) as no tags', async () => {
      const page = await client(peer.anon).tagsPage(peer.emptyRepo, undefined);
      assert.deepEqual(page, { items: [], next: undefined, self: `/v2/${peer.emptyRepo}/tags/list` });
    });

    it('reports the same digest as skopeo for every tag, OCI and Docker v2s2 alike', async () => {
      const c = client(peer.anon);
      assert.ok(Object.keys(peer.digests).length >= 10);
      for (const [ref, digest] of Object.entries(peer.digests)) {
        const i = ref.lastIndexOf(':');
        assert.equal(await c.manifestDigest(ref.slice(0, i), ref.slice(i + 1)), digest, ref);
      }
      const v2s2 = peer.v2s2Ref.split(':');
      const m = await c.manifest(v2s2[0], v2s2[1]);
      assert.equal(m.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
      assert.equal(m.digest, peer.digests[peer.v2s2Ref]);
      const oci = await c.manifest(peer.tagsRepo, '1.0');
      assert.equal(oci.mediaType, 'application/vnd.oci.image.manifest.v1+json');
      // Fetching by digest verifies the content against it.
      assert.equal((await c.manifest(peer.tagsRepo, oci.digest)).digest, oci.digest);
    });

    it('reads creation date, size and platform from the config blob', async () => {
      const d = await client(peer.anon).tagDetails(peer.tagsRepo, '1.0');
      assert.equal(d.created?.toISOString(), '2024-01-10T08:00:00.000Z');
      assert.equal(d.digest, peer.digests[`${peer.tagsRepo}:1.0`]);
      assert.deepEqual(d.platforms, ['linux/amd64']);
      assert.ok((d.size ?? 0) > 500_000, `busybox layer size, got ${d.size}`);
    });

    it('says which repository or tag does not exist', async () => {
      const c = client(peer.anon);
      await rejectsWith(collect(c.tags('no/such-repo')), 'notFound', /Repository no\/such-repo not found on 127\.0\.0\.1:\d+/);
      await rejectsWith(c.manifestDigest(peer.tagsRepo, 'no-such-tag'), 'notFound', /no-such-tag not found in library\/busybox/);
      await rejectsWith(c.manifest(peer.tagsRepo, 'no-such-tag'), 'notFound', /no-such-tag not found/);
    });

    it('refuses invalid repository names and references before sending anything', async () => {
      await rejectsWith(client(peer.anon).manifestDigest('Bad/Name', 'x'), 'badUrl', /lowercase/);
      await rejectsWith(client(peer.anon).manifestDigest('team/alpha', '../x'), 'badUrl', /neither a tag/);
    });
  });

  describe('htpasswd Basic registry', () => {
    it('requires a login when anonymous', async () => {
      await rejectsWith(client(peer.basic).ping(), 'unauthorized', /requires you to log in/);
    });

    it('accepts the right password and verifies it', async () => {
      const c = client(peer.basic, { credentials: { username: peer.user, password: peer.password } });
      assert.deepEqual(await c.ping(), { auth: 'basic', credentialsVerified: true });
      assert.deepEqual(await collect(c.repositories({ pageSize: 2 })), [...peer.repos].sort());
      assert.equal(await c.manifestDigest(peer.tagsRepo, '1.2'), peer.digests[`${peer.tagsRepo}:1.2`]);
    });

    it('says the credentials are wrong for a wrong password', async () => {
      const c = client(peer.basic, { credentials: { username: peer.user, password: `${peer.password}x` } });
      await rejectsWith(c.ping(), 'unauthorized', new RegExp(`Wrong credentials: .* for ${peer.user}`));
    });

    it('reports an anonymous _catalog refusal as "log in or track"', async () => {
      await rejectsWith(client(peer.basic).catalogPage(undefined), 'catalogNotAllowed', /does not allow listing its repositories anonymously/);
    });
  });

  describe('Bearer token registry', () => {
    it('works anonymously with an anonymous token where the policy allows pull', async () => {
      const c = client(peer.bearer);
      assert.deepEqual(await c.ping(), { auth: 'bearer', credentialsVerified: false });
      assert.deepEqual([...(await collect(c.tags(peer.tagsRepo)))].sort(), [...peer.tags].sort());
    });

    it('refuses anonymous listing of repositories with a clear reason', async () => {
      await rejectsWith(client(peer.bearer).catalogPage(undefined, { pageSize: 2 }), 'catalogNotAllowed', /does not allow listing its repositories.*Track the repositories/);
    });

    it('logs in with the token service and lists everything', async () => {
      const c = client(peer.bearer, { credentials: { username: peer.user, password: peer.password } });
      assert.deepEqual(await c.ping(), { auth: 'bearer', credentialsVerified: true });
      assert.deepEqual(await collect(c.repositories({ pageSize: 2 })), [...peer.repos].sort());
      assert.equal(await c.manifestDigest(peer.deniedRepo, '1.0'), peer.digests[`${peer.deniedRepo}:1.0`]);
    });

    it('says the credentials are wrong when the token service rejects them', async () => {
      const c = client(peer.bearer, { credentials: { username: peer.user, password: 'wrong' } });
      await rejectsWith(c.ping(), 'unauthorized', /Wrong credentials: the token service .* for alice/);
    });

    it('reports a denied scope as no permission, for that user and repository', async () => {
      const c = client(peer.bearer, { credentials: { username: peer.limitedUser, password: peer.limitedPassword } });
      assert.equal((await c.ping()).credentialsVerified, true);
      await rejectsWith(collect(c.tags(peer.deniedRepo)), 'forbidden', new RegExp(`No permission to list the tags of ${peer.deniedRepo} .* as ${peer.limitedUser}`));
      await rejectsWith(c.manifestDigest(peer.deniedRepo, '1.0'), 'forbidden', /No permission to read restricted\/app:1\.0/);
      // Other repositories stay readable for the same user.
      assert.equal(await c.manifestDigest('team/alpha', '1.0'), peer.digests['team/alpha:1.0']);
      await rejectsWith(c.catalogPage(undefined), 'catalogNotAllowed', new RegExp(`for ${peer.limitedUser}`));
    });

    it('caches the token per scope instead of asking for every request', async () => {
      await fetch(`${peer.tokenServer}/stats/reset`);
      const c = client(peer.bearer, { credentials: { username: peer.user, password: peer.password } });
      for (let i = 0; i < 3; i++) await c.manifestDigest('team/beta', '1.0');
      await collect(c.tags('team/beta'));
      await c.manifestDigest('team/gamma', '1.1');
      const stats = await tokenStats();
      assert.deepEqual(
        stats.requests.map((r) => r.scopes.join(' ')),
        ['repository:team/beta:pull', 'repository:team/gamma:pull'],
      );
      assert.ok(stats.requests.every((r) => r.user === peer.user));
    });

    it('asks for a new token once the cached one has expired', async () => {
      let now = Date.now();
      await fetch(`${peer.tokenServer}/stats/reset`);
      const c = client(peer.bearer, { now: () => now });
      await c.manifestDigest('team/delta', '1.2');
      await c.manifestDigest('team/delta', '1.2');
      now += 400_000; // the peer's tokens live 300 s
      await c.manifestDigest('team/delta', '1.2');
      assert.equal((await tokenStats()).issued, 2);
    });
  });

  describe('TLS registry with a self-signed CA', () => {
    it('works with the CA file', async () => {
      const c = client(`https://${peer.tls}`, { caFile: peer.tlsCa });
      assert.deepEqual(await c.ping(), { auth: 'none', credentialsVerified: false });
      assert.equal(await c.manifestDigest(peer.tagsRepo, 'latest'), peer.digests[`${peer.tagsRepo}:latest`]);
    });

    it('fails without the CA, naming the fix', async () => {
      await rejectsWith(client(`https://${peer.tls}`).ping(), 'tls', /not trusted .*CA certificate file .* or mark the registry insecure/);
    });

    it('works when marked insecure (verification off)', async () => {
      assert.equal((await client(`https://${peer.tls}`, { insecure: true }).ping()).auth, 'none');
    });

    it('says when the address uses http:// for an https registry', async () => {
      await rejectsWith(client(`http://${peer.tls}`).ping(), 'protocol', /speaks HTTPS/);
    });

    it('says when https:// is used for a plain-http registry', async () => {
      await rejectsWith(client(`https://${peer.anon}`).ping(), 'tls', /does not speak HTTPS/);
    });

    it('reports a missing or broken CA file', async () => {
      await rejectsWith(client(`https://${peer.tls}`, { caFile: '/nonexistent/ca.pem' }).ping(), 'caFile', /cannot be read: \/nonexistent\/ca\.pem \(not found\)/);
      await rejectsWith(client(`https://${peer.tls}`, { caFile: __filename }).ping(), 'caFile', /not a PEM certificate/);
    });
  });

  describe('unreachable registries', () => {
    let hung: Server;
    let hungPort = 0;
    before(async () => {
      // Accepts connections and never answers: what an overloaded or firewalled proxy looks like.
      hung = createServer(() => undefined);
      await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
      hungPort = (hung.address() as { port: number }).port;
    });
    after(() => hung.close());

    it('reports a registry that is down', async () => {
      await rejectsWith(client(peer.down).ping(), 'connectionRefused', /Connection refused by 127\.0\.0\.1:\d+: is the registry running/);
    });

    it('says when a proxy in front of the registry cannot reach it (real nginx: 502 Bad Gateway)', async () => {
      await rejectsWith(client(peer.badGateway).ping(), 'server', /^The proxy in front of 127\.0\.0\.1:\d+ could not reach the registry \(HTTP 502 Bad Gateway\) while trying to reach .*Try again later\.$/);
    });

    it('says when to try again when rate limited (real nginx limit_req: 429 with Retry-After: 60)', async () => {
      // One request a minute passes, so the second of two in a row is always refused.
      await client(peer.rateLimited).ping().catch(() => undefined);
      const e = await client(peer.rateLimited).ping().then(() => undefined, (err: unknown) => err);
      assert.ok(isRegistryError(e, 'rateLimited'), `expected rate limiting, got ${String(e)}`);
      assert.equal(e.retryAfterSeconds, 60);
      assert.match(e.message, /^127\.0\.0\.1:\d+ is rate limiting requests \(HTTP 429\); try again in 60 s\. Logging in usually raises the limit\.$/);
    });

    it('times out instead of hanging', async () => {
      await rejectsWith(client(`127.0.0.1:${hungPort}`, { timeoutMs: 300 }).ping(), 'timeout', /did not answer within/);
    });

    it('cancels through an AbortSignal', async () => {
      const ac = new AbortController();
      const p = client(`127.0.0.1:${hungPort}`).ping(ac.signal);
      setTimeout(() => ac.abort(), 50);
      await rejectsWith(p, 'cancelled', /Cancelled while trying to reach/);
    });
  });
});
