import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { registryPeer, type RegistryPeer } from '../registries/registryPeer';
import { podman, podmanPeer, type PodmanPeer } from './enginePeers';

const CLI = resolve(__dirname, '../../../src/cli/main.js');

describe('CLI: containers launch of a registry tag (real Podman and registry peers)', function () {
  let dir: string;
  let file: string;
  let pod: PodmanPeer;
  let reg: RegistryPeer;
  const made = ['cli-launch-web', 'cli-launch-auth'];

  const cli = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [CLI, '--catalog', file, ...args], { input, encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const tryPodman = (args: string[]): string | undefined => {
    try {
      return podman(pod, args);
    } catch {
      return undefined;
    }
  };

  before(() => {
    pod = podmanPeer();
    reg = registryPeer();
    dir = mkdtempSync(join(tmpdir(), 'cc-cli-launch-'));
    file = join(dir, 'catalog.db');
    for (const n of made) tryPodman(['rm', '-f', n]);
    tryPodman(['rmi', `${reg.anon}/tools/two:1.1`]);
    tryPodman(['rmi', `${reg.basic}/team/delta:1.2`]);
    assert.equal(cli(['engines', 'add', 'podman', pod.socket, '--name', 'pod']).code, 0);
  });
  after(() => {
    for (const n of made) tryPodman(['rm', '-f', n]);
    tryPodman(['rmi', `${reg.anon}/tools/two:1.1`]);
    tryPodman(['rmi', `${reg.basic}/team/delta:1.2`]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('launches with --port and --env (checked with podman inspect) and lists the container afterwards', () => {
    const r = cli(['--json', 'containers', 'launch', 'pod', `${reg.anon}/tools/two:1.1`, '--name', 'cli-launch-web', '--port', '127.0.0.1:0:8080', '--env', 'A=1', '--env', 'B=two words', '--network', pod.network, '--', '/bin/sh', '-c', 'trap "exit 0" TERM; while sleep 1; do :; done']);
    assert.equal(r.code, 2, 'port 0 is refused as a usage error');
    assert.match(r.stderr, /out of range/);
    const ok = cli(['--json', 'containers', 'launch', 'pod', `${reg.anon}/tools/two:1.1`, '--name', 'cli-launch-web', '--port', '127.0.0.1:18089:8080', '--env', 'A=1', '--env', 'B=two words', '--network', pod.network, '--', '/bin/sh', '-c', 'trap "exit 0" TERM; while sleep 1; do :; done']);
    assert.equal(ok.code, 0, ok.stderr);
    const out = JSON.parse(ok.stdout) as { name: string; started: boolean; image: string };
    assert.deepEqual([out.name, out.started, out.image], ['cli-launch-web', true, `${reg.anon}/tools/two:1.1`]);
    const i = JSON.parse(podman(pod, ['container', 'inspect', 'cli-launch-web']))[0] as { Config: { Env: string[] }; HostConfig: { PortBindings: Record<string, unknown> }; State: { Running: boolean } };
    assert.ok(i.Config.Env.includes('B=two words'));
    assert.deepEqual(i.HostConfig.PortBindings['8080/tcp'], [{ HostIp: '127.0.0.1', HostPort: '18089' }]);
    assert.equal(i.State.Running, true);
    const list = cli(['--json', 'containers', 'list', '--engine', 'pod']);
    assert.ok((JSON.parse(list.stdout) as { name: string }[]).some((c) => c.name === 'cli-launch-web'), 'synced into the catalog');
  });

  it('takes a login on stdin for one call; a wrong one is a clear error and leaves nothing behind', () => {
    const base = ['containers', 'launch', 'pod', `${reg.basic}/team/delta:1.2`, '--name', 'cli-launch-auth', '--network', pod.network, '--no-start', '--user', reg.user, '--password-stdin'];
    const bad = cli(base, 'not-the-password\n');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /refused the saved login of .*log in again/);
    assert.equal(tryPodman(['container', 'inspect', 'cli-launch-auth']), undefined);
    assert.equal(tryPodman(['image', 'inspect', `${reg.basic}/team/delta:1.2`]), undefined);
    const good = cli(base, `${reg.password}\n`);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /^cli-launch-auth created on pod from /);
  });

  it('images pull (with a login on stdin) / remove / prune without --yes lists and removes nothing', () => {
    const ref = `${reg.basic}/team/delta:1.2`;
    tryPodman(['rm', '-f', 'cli-launch-auth']);
    tryPodman(['rmi', ref]);
    const pulled = cli(['--json', 'images', 'pull', 'pod', ref, '--user', reg.user, '--password-stdin'], `${reg.password}\n`);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(JSON.parse(pulled.stdout).image, ref);
    assert.ok(tryPodman(['image', 'inspect', ref]));
    const removed = cli(['images', 'remove', 'pod', ref]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /^removed .* from pod/);
    assert.equal(tryPodman(['image', 'inspect', ref]), undefined);
    const plan = cli(['images', 'prune', 'pod']);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /^pod: \d+ stopped container\(s\), \d+ dangling image\(s\), /);
    assert.match(plan.stdout, /nothing removed; run again with --yes/);
    for (const n of pod.containers.filter((c) => c !== pod.running)) {
      assert.match(plan.stdout, new RegExp(`container ${n} `));
      assert.ok(tryPodman(['container', 'inspect', n]), `${n} is still there`);
    }
  });

  it('usage errors: --name missing, a reference without a registry host, --user without --password-stdin', () => {
    assert.match(cli(['containers', 'launch', 'pod', `${reg.anon}/tools/two:1.1`]).stderr, /--name is required/);
    const noHost = cli(['containers', 'launch', 'pod', 'busybox:1.0', '--name', 'x']);
    assert.equal(noHost.code, 1);
    assert.match(noHost.stderr, /not a registry reference/);
    assert.match(cli(['containers', 'launch', 'pod', `${reg.anon}/tools/two:1.1`, '--name', 'x', '--user', 'u']).stderr, /--password-stdin/);
  });
});
