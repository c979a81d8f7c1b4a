import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listContainers } from '../../../src/containers/catalogReads';
import type { EngineContext } from '../../../src/containers/engineConnection';
import { isEngineError } from '../../../src/containers/engineError';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine, getEngine } from '../../../src/containers/engineRegistry';
import { launchFromImageSource } from '../../../src/containers/launchFromImageSource';
import { syncEngine } from '../../../src/containers/syncEngine';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { lxc, lxcQuery, lxdPeer, type LxdPeer } from './enginePeers';

const CLI = resolve(__dirname, '../../../src/cli/main.js');
const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** The simplestreams peer over HTTPS (self-signed certificate for 127.0.0.1). */
function httpsPeer(): { url: string; cert: string } {
  const url = process.env.CC_SIMPLESTREAMS_HTTPS_URL;
  const cert = process.env.CC_SIMPLESTREAMS_CERT;
  if (!url || !cert) throw new Error('CC_SIMPLESTREAMS_HTTPS_URL/CC_SIMPLESTREAMS_CERT are not set: run `test/peers/simplestreams.sh start` and source .build/peers/simplestreams.env');
  return { url, cert };
}

interface SourceRow {
  id: string;
  name: string;
  tags: string;
}

describe('launch on LXD from a simplestreams image source over HTTPS (real LXD and simplestreams peers)', function () {
  this.timeout(180_000);
  let lxd: LxdPeer;
  let ss: { url: string; cert: string };
  let dir: string;
  let file: string;
  let t: TempCatalog | undefined;
  let ctx: EngineContext;
  let engine: EngineRecord;
  let sources: SourceRow[];
  const made = ['ss-web', 'ss-start', 'ss-nocert', 'ss-cancel', 'ss-cli'];

  // The CLI trusts the peer's certificate the way a user with a private CA would: NODE_EXTRA_CA_CERTS.
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, '--catalog', file, ...args], { encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '', NODE_EXTRA_CA_CERTS: ss.cert } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const source = (pattern: RegExp, server: string): SourceRow => {
    const s = sources.find((r) => pattern.test(r.name) && r.tags.endsWith(`@${server}`));
    assert.ok(s, `no source ${pattern} on ${server} in ${JSON.stringify(sources.map((r) => [r.name, r.tags]))}`);
    return s;
  };
  const instance = (name: string): { profiles: string[]; config: Record<string, string>; status: string } | undefined => {
    try {
      return lxcQuery(lxd, `/1.0/instances/${name}`);
    } catch {
      return undefined;
    }
  };
  const cleanLxd = (): void => {
    for (const n of made) if (instance(n)) lxc(lxd, ['delete', '-f', n]);
    // Images LXD cached from the peer's server (not the peer's own busybox image).
    for (const img of lxcQuery<{ fingerprint: string; aliases: unknown[] }[]>(lxd, '/1.0/images?recursion=1')) {
      if (!img.aliases.length) lxc(lxd, ['image', 'delete', img.fingerprint]);
    }
  };

  before(async () => {
    lxd = lxdPeer();
    ss = httpsPeer();
    cleanLxd();
    dir = mkdtempSync(join(tmpdir(), 'cc-launch-lxd-'));
    file = join(dir, 'catalog.db');
    for (const path of ['ss', 'ss-slow']) assert.equal(cli(['images', 'add-simplestreams', `${ss.url}/${path}`]).code, 0);
    const refreshed = cli(['images', 'refresh', '--force']);
    assert.equal(refreshed.code, 0, refreshed.stderr);
    sources = JSON.parse(cli(['--json', 'images', 'sources', '--type', 'Incus']).stdout) as SourceRow[];
    assert.equal(cli(['engines', 'add', 'lxd', lxd.socket, '--name', 'lxd']).code, 0);
  });
  after(async () => {
    await t?.dispose();
    if (lxd) cleanLxd();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (): Promise<void> => {
    t = await openTempCatalog({ file });
    ctx = { certDir: join(dir, 'servercerts'), logger: quiet };
    engine = await getEngine(t.catalog, 'lxd');
    await syncEngine(t.catalog, engine, ctx);
  };
  const host = (): string => new URL(ss.url).host;

  it('launches with the server certificate, profiles in order and a config key; the catalog row appears without a sync', async () => {
    await open();
    const row = source(/alpine .*3\.20.* default \(amd64\)/i, `${host()}/ss`);
    const progress: string[] = [];
    const r = await launchFromImageSource(t!.catalog, engine, ctx, row.id, {
      name: 'ss-web',
      profiles: ['default', 'web', 'limits'],
      config: { 'user.note': 'from simplestreams' },
      start: false,
      certificate: readFileSync(ss.cert, 'utf8'),
    }, { onProgress: (p) => progress.push(p) });
    assert.equal(r.server, `${ss.url}/ss`);
    assert.match(r.image, /^[0-9a-f]{64}$/);
    const i = instance('ss-web')!;
    assert.deepEqual(i.profiles, ['default', 'web', 'limits']);
    assert.equal(i.config['user.note'], 'from simplestreams');
    assert.equal(i.status, 'Stopped');
    assert.equal(r.started, false);
    assert.ok(progress.length > 0, 'the operation reported progress');
    const rows = await t!.catalog.read((em) => listContainers(em, engine.id));
    const mine = rows.find((c) => c.name === 'ss-web');
    assert.ok(mine, 'the catalog has the new container (synced by the launch)');
    assert.deepEqual(mine.profiles, ['default', 'web', 'limits']);
  });

  it('a start that fails (the peer\'s images have no /sbin/init) removes the instance it made', async () => {
    const row = source(/alpine .*3\.20.* default \(amd64\)/i, `${host()}/ss`);
    await assert.rejects(
      launchFromImageSource(t!.catalog, engine, ctx, row.id, { name: 'ss-start', certificate: readFileSync(ss.cert, 'utf8') }),
      (e: Error) => isEngineError(e, 'api') && /^LXD: /.test(e.message),
    );
    assert.equal(instance('ss-start'), undefined);
    const rows = await t!.catalog.read((em) => listContainers(em, engine.id));
    assert.ok(!rows.some((c) => c.name === 'ss-start'));
  });

  it('without the certificate LXD refuses the self-signed server: a clear error, nothing created', async () => {
    const row = source(/debian .*bookworm.* default/i, `${host()}/ss`);
    await assert.rejects(
      launchFromImageSource(t!.catalog, engine, ctx, row.id, { name: 'ss-nocert' }),
      (e: Error) => isEngineError(e, 'api') && /certificate/i.test(e.message),
    );
    assert.equal(instance('ss-nocert'), undefined);
  });

  it('a name LXD refuses, a source that is gone, a non-LXD engine: clear errors, nothing created', async () => {
    const row = source(/alpine .*3\.20.* default \(amd64\)/i, `${host()}/ss`);
    const before = lxcQuery<string[]>(lxd, '/1.0/instances');
    await assert.rejects(
      launchFromImageSource(t!.catalog, engine, ctx, row.id, { name: 'bad_name!', certificate: readFileSync(ss.cert, 'utf8') }),
      (e: Error) => isEngineError(e, 'api') && /^LXD: .*name/i.test(e.message),
    );
    await assert.rejects(launchFromImageSource(t!.catalog, engine, ctx, '00000000-0000-7000-8000-000000000000', { name: 'ss-gone' }), /No image source .* in the catalog/);
    const pod = await addEngine(t!.catalog, { kind: 'podman', endpoint: '/nonexistent/podman.sock', name: 'not-lxd' });
    await assert.rejects(launchFromImageSource(t!.catalog, pod, ctx, row.id, { name: 'ss-x' }), /not an LXD engine/);
    assert.deepEqual(lxcQuery<string[]>(lxd, '/1.0/instances'), before);
  });

  it('cancelling while LXD pulls (a throttled server) leaves no instance behind', async () => {
    const row = source(/debian .*trixie.* default/i, `${host()}/ss-slow`);
    const ac = new AbortController();
    await assert.rejects(
      launchFromImageSource(t!.catalog, engine, ctx, row.id, { name: 'ss-cancel', certificate: readFileSync(ss.cert, 'utf8') }, { signal: ac.signal, onProgress: () => ac.abort() }),
      (e: Error) => isEngineError(e, 'cancelled'),
    );
    assert.equal(instance('ss-cancel'), undefined);
    await t!.dispose();
    t = undefined;
  });

  it('CLI: containers launch <lxd engine> <source-id> --name N --profile P… --server-cert FILE', () => {
    const row = source(/alpine .*3\.19.* default \(amd64\)/i, `${host()}/ss`);
    const r = cli(['--json', 'containers', 'launch', 'lxd', row.id, '--name', 'ss-cli', '--profile', 'default', '--profile', 'limits', '--no-start', '--server-cert', ss.cert]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).started, false);
    assert.deepEqual(instance('ss-cli')!.profiles, ['default', 'limits']);
    assert.equal(instance('ss-cli')!.status, 'Stopped');
    const listed = JSON.parse(cli(['--json', 'containers', 'list', '--engine', 'lxd']).stdout) as { name: string }[];
    assert.ok(listed.some((c) => c.name === 'ss-cli'));
    const bad = cli(['containers', 'launch', 'lxd', row.id, '--name', 'x', '--port', '80:80']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--port .* Podman\/Docker/);
  });
});
