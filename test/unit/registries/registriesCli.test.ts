import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { registryPeer, type RegistryPeer } from './registryPeer';

// The transpiled CLI entry (the same code esbuild bundles into dist/cli.js), spawned as a user would.
const CLI = resolve(__dirname, '../../../src/cli/main.js');

describe('registries: CLI against real registries', function () {
  let peer: RegistryPeer;
  let dir: string;
  let catalog: string;

  const cli = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [CLI, '--catalog', catalog, ...args], { encoding: 'utf8', input, env: { ...process.env, CONTAINER_CATALOG_FILE: '' }, timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const json = <T>(args: string[], input?: string): T => {
    const r = cli(['--json', ...args], input);
    assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  const fails = (args: string[], code: number, message: RegExp, input?: string) => {
    const r = cli(['--json', ...args], input);
    assert.equal(r.code, code, `expected exit ${code}, got ${r.code}: ${r.stdout}${r.stderr}`);
    assert.match((JSON.parse(r.stderr.trim().split('\n').pop()!) as { error: string }).error, message);
  };

  before(() => {
    peer = registryPeer();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-registries-cli-'));
    catalog = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds, lists and removes registries; a duplicate or a bad URL is refused', () => {
    const added = json<{ id: string; url: string; name: string }>(['registries', 'add', `http://${peer.anon}/`, '--name', 'Local']);
    assert.match(added.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    assert.equal(added.url, peer.anon);
    fails(['registries', 'add', peer.anon], 1, new RegExp(`${peer.anon} is already added \\(as "Local"\\)`));
    fails(['registries', 'add', 'reg.example.com:99999'], 1, /port 99999 .*out of range/);
    fails(['registries', 'add', `https://${peer.tls}`, '--ca', join(dir, 'missing.pem')], 1, /CA file .* \(not found\)/);
    json(['registries', 'add', `https://${peer.tls}`, '--ca', peer.tlsCa]);
    fails(['registries', 'add'], 2, /expected 1 argument/);
    fails(['registries', 'add', 'x.example', '--bogus'], 2, /bogus/);

    const list = json<{ registries: { url: string; name: string; loggedIn: boolean; caFile: string | null }[] }>(['registries', 'list']);
    assert.deepEqual(list.registries.map((r) => r.url).sort(), ['docker.io', 'ghcr.io', `https://${peer.tls}`, peer.anon, 'quay.io'].sort());
    assert.equal(list.registries.find((r) => r.url === `https://${peer.tls}`)?.caFile, peer.tlsCa);

    assert.equal(json<{ removed: { url: string } }>(['registries', 'remove', `http://${peer.anon}`]).removed.url, peer.anon);
    fails(['registries', 'remove', peer.anon], 1, /No registry/);
    assert.match(cli(['registries', 'list']).stdout, /docker\.io +Docker Hub — anonymous/);
  });

  it('lists repositories page by page (n=2), with or without the registry in the catalog', () => {
    const r = json<{ repositories: string[]; complete: boolean }>(['registries', 'repos', peer.anon, '--page-size', '2']);
    assert.deepEqual(r, { registry: peer.anon, repositories: [...peer.repos].sort(), complete: true });
    const limited = json<{ repositories: string[]; complete: boolean }>(['registries', 'repos', peer.anon, '--page-size', '2', '--limit', '3']);
    assert.deepEqual(limited.repositories, [...peer.repos].sort().slice(0, 3));
    assert.equal(limited.complete, false);
  });

  it('uses a password from stdin for one call and stores nothing', () => {
    json(['registries', 'add', peer.basic]);
    fails(['registries', 'repos', peer.basic], 1, /does not allow listing its repositories anonymously/);
    fails(['registries', 'repos', peer.basic, '--user', peer.user, '--password-stdin'], 1, /Wrong credentials/, 'wrong\n');
    fails(['registries', 'repos', peer.basic, '--user', peer.user], 2, /--user needs --password-stdin/);
    const r = json<{ repositories: string[] }>(['registries', 'repos', peer.basic, '--user', peer.user, '--password-stdin'], `${peer.password}\n`);
    assert.deepEqual(r.repositories, [...peer.repos].sort());
    const t = json<{ tags: { tag: string; digest: string }[] }>(['registries', 'tags', peer.basic, 'team/alpha', '--user', peer.user, '--password-stdin'], peer.password);
    assert.deepEqual(t.tags, [{ tag: '1.0', digest: peer.digests['team/alpha:1.0'] }]);

    const listed = json<{ registries: { url: string; loggedIn: boolean; username: string | null }[] }>(['registries', 'list']);
    assert.deepEqual(listed.registries.find((x) => x.url === peer.basic), { ...listed.registries.find((x) => x.url === peer.basic), loggedIn: false, username: null });
    assert.equal(readFileSync(catalog).includes(Buffer.from(peer.password)), false, 'password bytes in the catalog');
  });

  it("prints each tag's digest as skopeo reports it; an emptied repository has no tags", () => {
    const r = json<{ tags: { tag: string; digest: string }[] }>(['registries', 'tags', peer.anon, peer.tagsRepo]);
    assert.deepEqual(r.tags.map((t) => t.tag), ['latest', '1.10', '1.2', '1.1', '1.0', 'docker-1.2']);
    for (const t of r.tags) assert.equal(t.digest, peer.digests[`${peer.tagsRepo}:${t.tag}`], t.tag);
    assert.deepEqual(json<{ tags: unknown[] }>(['registries', 'tags', peer.anon, peer.emptyRepo]).tags, []);
    assert.match(cli(['registries', 'tags', peer.anon, 'team/beta']).stdout, /^1\.0 +sha256:[0-9a-f]{64}\n$/);
    fails(['registries', 'tags', peer.anon, 'no/such'], 1, /Repository no\/such not found/);
  });

  it('reports a denied repository, a TLS problem and a registry that is down', () => {
    fails(['registries', 'tags', peer.bearer, peer.deniedRepo, '--user', peer.limitedUser, '--password-stdin'], 1, /No permission to list the tags of restricted\/app/, peer.limitedPassword);
    fails(['registries', 'repos', `https://${peer.tls}`], 1, /not trusted .*CA certificate file/);
    assert.equal(json<{ repositories: string[] }>(['registries', 'repos', `https://${peer.tls}`, '--ca', peer.tlsCa]).repositories.length, peer.repos.length);
    fails(['registries', 'repos', peer.down], 1, /Connection refused/);
  });
});
