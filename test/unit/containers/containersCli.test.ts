import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { lxc, lxdPeer, podmanPeer } from './enginePeers';
import type { LxdPeer, PodmanPeer } from './enginePeers';

const CLI = resolve(__dirname, '../../../src/cli/main.js');

describe('CLI: engines, containers and profiles (real LXD and Podman)', function () {
  let dir: string;
  let file: string;
  let lxd: LxdPeer;
  let pod: PodmanPeer;

  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, '--catalog', file, ...args], { encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const json = (...args: string[]) => {
    const r = cli('--json', ...args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  before(() => {
    lxd = lxdPeer();
    pod = podmanPeer();
    dir = mkdtempSync(join(tmpdir(), 'cc-cli-containers-'));
    file = join(dir, 'catalog.db');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('engines add / list / sync', () => {
    assert.equal(json('engines', 'add', 'lxd', lxd.socket, '--name', 'lxd').name, 'lxd');
    assert.equal(json('engines', 'add', 'podman', pod.socket, '--name', 'podman').kind, 'podman');
    const https = json('engines', 'add', 'lxd', lxd.url, '--name', 'lxd-https', '--cert', lxd.clientCert, '--key', lxd.clientKey);
    assert.equal(https.endpoint, lxd.url);
    const list = json('engines', 'list');
    assert.deepEqual(list.map((e: { name: string }) => e.name), ['local catalog', 'lxd', 'podman', 'lxd-https']);
    assert.equal(list[1].status, 'never synced');
    const synced = json('engines', 'sync');
    assert.deepEqual(synced.map((s: { engine: string; ok: boolean }) => [s.engine, s.ok]), [['lxd', true], ['podman', true], ['lxd-https', true]]);
    assert.ok(synced[0].counts.instances >= lxd.containers.length);
    assert.match(json('engines', 'list')[1].status, /^synced/);
    const one = cli('engines', 'sync', 'podman');
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^podman: \d+ instances, 0 snapshots/);
  });

  it('containers list / show (effective config with origins) / uses', () => {
    const all = json('containers', 'list', '--engine', 'lxd');
    for (const n of lxd.containers) assert.ok(all.some((c: { name: string }) => c.name === n), n);
    const show = json('containers', 'show', 'ct-layered', '--engine', 'lxd');
    assert.deepEqual(show.container.profiles, ['default', 'limits', 'web']);
    assert.deepEqual(show.effective.config['limits.memory'], { value: '256MB', from: 'profile web', overrides: ['profile limits'] });
    assert.equal(show.effective.devices.eth0.from, 'profile web');
    const text = cli('containers', 'show', 'pd-web');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^pd-web \(podman\)/);
    assert.match(text.stdout, /label\.app = web/);
    const ambiguous = cli('containers', 'show', 'ct-web');
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /exists in several engines \(lxd, lxd-https\); give --engine/);
    const uses = json('containers', 'uses', lxd.bridge, '--engine', 'lxd');
    assert.deepEqual(uses.map((u: { name: string }) => u.name), ['ct-direct', 'ct-layered', 'ct-web']);
    const podUses = cli('containers', 'uses', pod.network);
    assert.equal(podUses.stdout.trim(), 'podman/pd-db\npodman/pd-web');
  });

  it('profiles export (accepted by lxc profile edit) and import', () => {
    const exp = json('profiles', 'export', 'web', '--engine', 'lxd');
    assert.equal(parse(exp.yaml).devices.eth0.network, lxd.bridge);
    const yamlFile = join(dir, 'web.yaml');
    writeFileSync(yamlFile, exp.yaml);
    try {
      lxc(lxd, ['profile', 'create', 't-cli-web']);
      lxc(lxd, ['profile', 'edit', 't-cli-web'], exp.yaml);
      assert.equal(parse(lxc(lxd, ['profile', 'show', 't-cli-web'])).devices.eth0.network, lxd.bridge);
    } finally {
      lxc(lxd, ['profile', 'delete', 't-cli-web']);
    }
    assert.deepEqual(json('profiles', 'import', yamlFile, '--name', 'web-draft'), { engine: 'local catalog', profile: 'web-draft' });
    const again = json('profiles', 'export', 'web-draft');
    assert.deepEqual({ ...parse(again.yaml), name: 'web', used_by: [] }, { ...parse(exp.yaml), used_by: [] });
  });

  it('bad input: clear errors and usage', () => {
    const kind = cli('engines', 'add', 'lxc', lxd.socket);
    assert.equal(kind.code, 2);
    assert.match(kind.stderr, /unknown engine kind "lxc"/);
    const dup = cli('engines', 'add', 'lxd', lxd.socket, '--name', 'again');
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already connected as "lxd"/);
    const flag = cli('containers', 'list', '--engin', 'lxd');
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown option --engin/);
    const missing = cli('--json', 'engines', 'sync', 'nope');
    assert.equal(missing.code, 1);
    assert.deepEqual(JSON.parse(missing.stderr), { error: 'No engine named "nope".' });
    const down = cli('engines', 'add', 'podman', join(dir, 'down.sock'), '--name', 'down');
    assert.equal(down.code, 0, down.stderr);
    const failed = cli('engines', 'sync', 'down');
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /down: Cannot reach .*down\.sock \(ENOENT\)/);
    assert.equal(json('engines', 'list').find((e: { name: string }) => e.name === 'down').status, 'engine unreachable · never synced');
    const badYaml = join(dir, 'bad.yaml');
    writeFileSync(badYaml, 'devices:\n  eth0:\n    network: x\n');
    const imp = cli('profiles', 'import', badYaml, '--name', 'bad');
    assert.equal(imp.code, 1);
    assert.match(imp.stderr, /Device "eth0" has no type/);
  });
});
