import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EngineContext } from '../../../src/containers/engineConnection';
import { isEngineError } from '../../../src/containers/engineError';
import { checkEngineImageUpdates, listOutdatedEngineImages } from '../../../src/containers/engineImageUpdates';
import { readEngineImageRows } from '../../../src/containers/engineImageRows';
import { pullToEngine } from '../../../src/containers/engineImages';
import { listEngineObjects } from '../../../src/containers/engineObjectLists';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { pullSourceFor } from '../../../src/containers/registryPull';
import { repullEngineImage } from '../../../src/containers/repullEngineImage';
import { syncEngine } from '../../../src/containers/syncEngine';
import { credentialsFromSecrets } from '../../../src/images/registryCredentials';
import { RegistryService } from '../../../src/registries/registryService';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { registryPeer, type RegistryPeer } from '../registries/registryPeer';
import { docker, dockerPeer, podman, podmanPeer, testEngineContext, type EngineApiPeer } from './enginePeers';
import { MapSecretStore } from '../../support/mapSecretStore';

const CLI = resolve(__dirname, '../../../src/cli/main.js');
const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * Puts `from` (repo:tag on the same registry) at `to` with skopeo, as test/peers/registry.sh pushes: the tag
 * gets `from`'s digest (skopeo keeps the manifest as it is). The tests move a seeded tag and put it back after
 * (and before, in case a run stopped half-way): other suites read the peer's repositories, tags and digests.
 */
function pushTag(host: string, from: string, to: string, creds?: string): void {
  const auth = creds ? ['--src-creds', creds, '--dest-creds', creds] : [];
  execFileSync('skopeo', ['--insecure-policy', 'copy', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false', ...auth, `docker://${host}/${from}`, `docker://${host}/${to}`], { stdio: 'pipe' });
}

function describeOutdated(kind: 'podman' | 'docker', peerOf: () => EngineApiPeer, cliOf: (args: string[]) => string): void {
  describe(`outdated engine images on ${kind} (real ${kind} and registry peers)`, function () {
    this.timeout(120_000);
    let reg: RegistryPeer;
    let peer: EngineApiPeer;
    let t: TempCatalog;
    let ctx: EngineContext;
    let engine: EngineRecord;
    let service: RegistryService;
    let secrets: MapSecretStore;
    // A seeded tag (digest of library/busybox:1.0), moved to tools/two:1.1's image and back.
    const repo = 'team/alpha';
    const tryCli = (args: string[]): string | undefined => {
      try {
        return cliOf(args);
      } catch {
        return undefined;
      }
    };
    const ref = (): string => `${reg.basic}/${repo}:1.0`;
    const repoDigests = (r: string): string[] => JSON.parse(cliOf(['image', 'inspect', '--format', '{{json .RepoDigests}}', r])) as string[];
    const marked = async (): Promise<string[]> => (await listEngineObjects(t.catalog, engine.id, 'images')).filter((i) => i.outdated).flatMap((i) => i.aliases);
    const creds = (): string => `${reg.user}:${reg.password}`;
    // The build a re-pull leaves dangling: removed after, or it would stay in the peer for other suites.
    const leftovers: string[] = [];

    before(async () => {
      reg = registryPeer();
      peer = peerOf();
      tryCli(['rmi', '-f', ref()]);
      pushTag(reg.basic, 'library/busybox:1.0', `${repo}:1.0`, creds());
      t = await openTempCatalog();
      ctx = { ...testEngineContext(), logger: quiet };
      engine = await addEngine(t.catalog, { kind, endpoint: peer.socket, name: `${kind}-outdated` });
      secrets = new MapSecretStore();
      service = new RegistryService({ catalog: async () => t.catalog, secrets, log: quiet, timeoutMs: 10_000 });
      const row = await service.add({ url: reg.basic });
      await service.login(row.id, reg.user, reg.password);
      const saved = await service.get(row.id);
      await pullToEngine(t.catalog, engine, ctx, pullSourceFor(saved, repo, '1.0', await credentialsFromSecrets(secrets)(saved)));
    });
    after(async () => {
      if (reg) pushTag(reg.basic, 'library/busybox:1.0', `${repo}:1.0`, creds());
      tryCli(['rmi', '-f', ref()]);
      for (const id of leftovers) tryCli(['rmi', '-f', id]);
      service?.dispose();
      await t?.dispose();
    });

    it('a tag the registry still serves at the pulled digest is current; the check uses the saved login', async () => {
      const r = await checkEngineImageUpdates(t.catalog, engine, ctx, { credentialsFor: credentialsFromSecrets(secrets) });
      assert.deepEqual(r.errors, []);
      assert.equal(r.checked, 1, 'only the image pulled from a catalog registry is compared (the peer\'s imported image has no registry)');
      assert.deepEqual(r.outdated, []);
      assert.deepEqual(await marked(), []);
      // Without the login the registry refuses: named per image, and the stored verdict stays.
      const anon = await checkEngineImageUpdates(t.catalog, engine, ctx);
      assert.equal(anon.errors.length, 1);
      assert.match(anon.errors[0].message, /401|unauthori[sz]ed|credentials|log in/i);
    });

    it('after skopeo pushes a new digest to the tag, the check marks the image outdated in the catalog (and the tree data)', async () => {
      pushTag(reg.basic, 'tools/two:1.1', `${repo}:1.0`, creds());
      const steps: string[] = [];
      const r = await checkEngineImageUpdates(t.catalog, engine, ctx, { credentialsFor: credentialsFromSecrets(secrets), onProgress: (d, n) => steps.push(`${d}/${n}`) });
      assert.deepEqual(r.errors, []);
      assert.equal(r.outdated.length, 1);
      assert.equal(r.outdated[0].name, ref());
      assert.equal(r.outdated[0].latest, reg.digests['tools/two:1.1']);
      assert.deepEqual(steps, ['1/1']);
      assert.deepEqual(await marked(), [ref()]);
      const listed = await listOutdatedEngineImages(t.catalog, engine.id);
      assert.deepEqual(listed.map((l) => [l.name, l.latest]), [[ref(), reg.digests['tools/two:1.1']]]);
      // A sync keeps the mark (nothing about the image changed).
      await checkEngineImageUpdates(t.catalog, engine, ctx, { credentialsFor: credentialsFromSecrets(secrets) });
      assert.deepEqual(await marked(), [ref()]);
    });

    it('a cancelled check writes nothing', async () => {
      const ac = new AbortController();
      ac.abort();
      await assert.rejects(checkEngineImageUpdates(t.catalog, engine, ctx, { credentialsFor: credentialsFromSecrets(secrets), signal: ac.signal }), (e: Error) => isEngineError(e, 'cancelled'));
      assert.deepEqual(await marked(), [ref()]);
    });

    it('re-pull pulls the tag again with the saved login: the engine holds the new digest and the mark is gone', async () => {
      const old = (await listOutdatedEngineImages(t.catalog, engine.id))[0].fingerprint;
      leftovers.push(old);
      const r = await repullEngineImage(t.catalog, engine, ctx, ref(), { credentialsFor: credentialsFromSecrets(secrets) });
      assert.deepEqual(r.pulled, [ref()]);
      assert.ok(repoDigests(ref()).includes(`${reg.basic}/${repo}@${reg.digests['tools/two:1.1']}`), `the engine's own inspect: ${repoDigests(ref()).join(' ')}`);
      assert.notEqual(r.images[0], old);
      assert.deepEqual(await marked(), []);
      assert.deepEqual(await listOutdatedEngineImages(t.catalog, engine.id), []);
      const again = await checkEngineImageUpdates(t.catalog, engine, ctx, { credentialsFor: credentialsFromSecrets(secrets) });
      assert.deepEqual(again.outdated, []);
      await assert.rejects(repullEngineImage(t.catalog, engine, ctx, 'no-such-image'), /holds no image "no-such-image"/);
      await assert.rejects(repullEngineImage(t.catalog, engine, ctx, peer.image), /no tag of a registry in the catalog/);
    });
  });
}

describeOutdated('podman', podmanPeer, (args) => podman(podmanPeer(), args));
describeOutdated('docker', dockerPeer, (args) => docker(dockerPeer(), args));

describe('CLI: images outdated and images repull (real Podman and registry peers)', function () {
  // Ten CLI processes, each opening the catalog: slow on a loaded machine.
  this.timeout(400_000);
  let reg: RegistryPeer;
  let dir: string;
  let file: string;
  // A seeded tag (digest of library/busybox:1.0), moved to library/busybox:1.1's image and back.
  const repo = 'tools/two';
  let leftover: string | undefined;
  const cli = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [CLI, '--catalog', file, ...args], { encoding: 'utf8', input, env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (args: string[], input?: string): string => {
    const r = cli(args, input);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  before(() => {
    reg = registryPeer();
    dir = mkdtempSync(join(tmpdir(), 'cc-outdated-cli-'));
    file = join(dir, 'catalog.db');
    try {
      podman(podmanPeer(), ['rmi', '-f', `${reg.anon}/${repo}:1.0`]);
    } catch {
      // not there
    }
    pushTag(reg.anon, 'library/busybox:1.0', `${repo}:1.0`);
  });
  after(() => {
    if (reg) pushTag(reg.anon, 'library/busybox:1.0', `${repo}:1.0`);
    for (const image of [`${reg.anon}/${repo}:1.0`, ...(leftover ? [leftover] : [])]) {
      try {
        podman(podmanPeer(), ['rmi', '-f', image]);
      } catch {
        // gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks, lists the outdated image with --json, and re-pulls it', () => {
    ok(['engines', 'add', 'podman', podmanPeer().socket, '--name', 'pm']);
    ok(['registries', 'add', `http://${reg.anon}`]);
    ok(['images', 'pull', 'pm', `${reg.anon}/${repo}:1.0`]);
    const fresh = JSON.parse(ok(['--json', 'images', 'outdated', 'pm'])) as { checked: number; outdated: unknown[] };
    assert.equal(fresh.checked, 1);
    assert.deepEqual(fresh.outdated, []);
    pushTag(reg.anon, 'library/busybox:1.1', `${repo}:1.0`);
    const stale = JSON.parse(ok(['--json', 'images', 'outdated', 'pm'])) as { outdated: { name: string; latest: string; fingerprint: string }[] };
    assert.deepEqual(stale.outdated.map((o) => [o.name, o.latest]), [[`${reg.anon}/${repo}:1.0`, reg.digests['library/busybox:1.1']]]);
    assert.match(ok(['images', 'outdated', 'pm']), new RegExp(`1 outdated\\n  ${reg.anon}/${repo}:1.0`));
    leftover = stale.outdated[0].fingerprint;
    assert.match(ok(['images', 'repull', 'pm', stale.outdated[0].fingerprint.slice(0, 12)]), /pulled .* again/);
    assert.deepEqual((JSON.parse(ok(['--json', 'images', 'outdated', 'pm'])) as { outdated: unknown[] }).outdated, []);
    const bad = cli(['images', 'outdated', 'pm', '--user', 'x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--user and --password-stdin go together/);
    const missing = cli(['images', 'repull', 'pm', 'nope:1']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /holds no image "nope:1"/);
  });
});

describe('outdated check against a registry that answers 429 (real nginx limit_req, Podman and registry peers)', function () {
  this.timeout(180_000);
  let reg: RegistryPeer;
  let t: TempCatalog;
  let ctx: EngineContext;
  let engine: EngineRecord;
  // Three images known only by the rate-limited proxy's host (pulled from the registry behind it, then
  // retagged: Podman derives RepoDigests from an image's names), and one of the plain registry.
  const variants = ['1.0', '1.1', '1.2'];
  const limitedRefs = (): string[] => variants.map((v) => `${reg.rateLimited}/library/busybox:${v}`);
  const anonRef = (): string => `${reg.anon}/library/busybox:1.10`;
  const pm = (args: string[]): string => podman(podmanPeer(), args);
  const tryPodman = (args: string[]): void => {
    try {
      pm(args);
    } catch {
      // not there
    }
  };
  /** The manifest requests that reached the rate-limited nginx so far (its access log). */
  const manifestRequests = (): number => readFileSync(reg.rateLimitedLog, 'utf8').split('\n').filter((l) => l.includes('/v2/library/busybox/manifests/')).length;
  const rowOf = async (ref: string) => (await readEngineImageRows(t.catalog, engine.id)).find((i) => i.aliases.includes(ref))!;
  const cli = (args: string[]): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [CLI, '--catalog', t.catalog.file, ...args], { encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  /** Spends this minute's one request, so the next request to the proxy is refused whatever ran before. */
  const spendAllowance = async (): Promise<void> => {
    await fetch(`http://${reg.rateLimited}/v2/`).then((r) => r.arrayBuffer()).catch(() => undefined);
  };

  before(async () => {
    reg = registryPeer();
    for (const r of [...limitedRefs(), anonRef()]) tryPodman(['rmi', '-f', r]);
    for (const v of variants) {
      const from = `${reg.anon}/library/busybox:${v}`;
      pm(['pull', '-q', from]);
      pm(['tag', from, `${reg.rateLimited}/library/busybox:${v}`]);
      pm(['rmi', from]);
    }
    pm(['pull', '-q', anonRef()]);
    t = await openTempCatalog();
    ctx = { ...testEngineContext(), logger: quiet };
    engine = await addEngine(t.catalog, { kind: 'podman', endpoint: podmanPeer().socket, name: 'podman-limited' });
    const service = new RegistryService({ catalog: async () => t.catalog, secrets: new MapSecretStore(), log: quiet, timeoutMs: 10_000 });
    await service.add({ url: `http://${reg.rateLimited}` });
    await service.add({ url: `http://${reg.anon}` });
    service.dispose();
    await syncEngine(t.catalog, engine, ctx);
    // What an earlier check left: 1.1 marked outdated. A check that could not ask must leave that as it is.
    const earlier = await rowOf(limitedRefs()[1]);
    await t.catalog.write((em) => em.query("UPDATE images SET outdated = 1, upstream_digest = 'sha256:earlier', upstream_checked_at = '2026-01-01 00:00:00' WHERE id = ?", [earlier.id]));
  });
  after(async () => {
    await t?.dispose();
    if (reg) for (const r of [...limitedRefs(), anonRef()]) tryPodman(['rmi', '-f', r]);
  });

  it('after one 429 it asks that registry nothing more: its images are reported not checked, no mark changes, the other registry is still asked', async () => {
    await spendAllowance();
    const before = manifestRequests();
    const r = await checkEngineImageUpdates(t.catalog, engine, ctx);
    assert.equal(manifestRequests() - before, 1, 'exactly one HEAD reached the rate-limited registry for its three images');
    assert.deepEqual(r.rateLimited, [{ registry: reg.rateLimited, retryAfterSeconds: 60, notChecked: 3, message: r.rateLimited[0]?.message }]);
    assert.match(r.rateLimited[0].message, /rate limiting requests \(HTTP 429\); try again in 60 s/);
    assert.deepEqual(r.errors.map((e) => e.image).sort(), limitedRefs());
    assert.equal(r.checked, 1, 'the image of the other registry was compared');
    assert.deepEqual(r.outdated, []);
    // Nothing marked wrongly: 1.0 and 1.2 never checked, 1.1 keeps the earlier verdict exactly.
    for (const ref of [limitedRefs()[0], limitedRefs()[2]]) {
      const row = await rowOf(ref);
      assert.deepEqual([row.outdated, row.upstreamDigest, row.upstreamCheckedAt], [false, null, null], ref);
    }
    const kept = await rowOf(limitedRefs()[1]);
    assert.deepEqual([kept.outdated, kept.upstreamDigest, kept.upstreamCheckedAt], [true, 'sha256:earlier', '2026-01-01 00:00:00']);
    const other = await rowOf(anonRef());
    assert.deepEqual([other.outdated, other.upstreamDigest], [false, reg.digests['library/busybox:1.10']]);
  });

  it('the CLI says which registry is rate limiting, how many images it left unchecked and when to try again (text and --json)', async () => {
    await spendAllowance();
    const text = cli(['images', 'outdated', 'podman-limited']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`${reg.rateLimited.replace(/\./g, '\\.')} is rate limiting requests \\(HTTP 429\\); try again in 60 s\\..* 3 image\\(s\\) of it not checked`));
    const json = JSON.parse(cli(['--json', 'images', 'outdated', 'podman-limited']).stdout) as { rateLimited: { registry: string; notChecked: number; retryAfterSeconds: number }[] };
    assert.deepEqual(json.rateLimited.map((l) => [l.registry, l.notChecked, l.retryAfterSeconds]), [[reg.rateLimited, 3, 60]]);
  });
});
