import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dockerPeer, lxdPeer, podmanPeer } from './enginePeers';

const CLI = resolve(__dirname, '../../../src/cli/main.js');

describe('CLI: containers exec, logs and cp (real LXD, Podman and Docker)', function () {
  let dir: string;
  let file: string;
  const cli = (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, [CLI, '--catalog', file, ...args], { encoding: 'utf8', input, env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-cli-exec-'));
    file = join(dir, 'catalog.db');
    for (const [kind, socket] of [['lxd', lxdPeer().socket], ['podman', podmanPeer().socket], ['docker', dockerPeer().socket]]) {
      const r = cli(['engines', 'add', kind, socket, '--name', kind]);
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [engine, running] of [['lxd', () => lxdPeer().running], ['podman', () => podmanPeer().running], ['docker', () => dockerPeer().running]] as const) {
    it(`exec in ${engine}: output apart, stdin passed in, the exit status passed through`, () => {
      const r = cli(['containers', 'exec', engine, running(), '--', 'sh', '-c', 'echo $((6*7)); echo warn >&2; exit 3']);
      assert.equal(r.code, 3, r.stderr);
      assert.equal(r.stdout, '42\n');
      assert.equal(r.stderr, 'warn\n');
      const piped = cli(['containers', 'exec', engine, running(), '--', 'tr', 'a-z', 'A-Z'], 'piped in\n');
      assert.equal(piped.code, 0, piped.stderr);
      assert.equal(piped.stdout, 'PIPED IN\n');
      const j = cli(['--json', 'containers', 'exec', engine, running(), '--', 'sh', '-c', 'echo out; echo err >&2']);
      assert.equal(j.code, 0, j.stderr);
      assert.deepEqual(JSON.parse(j.stdout), { exitCode: 0, stdout: 'out\n', stderr: 'err\n' });
    });
  }

  it('exec refuses a stopped container, a missing -- and an unknown engine', () => {
    const stopped = cli(['containers', 'exec', 'lxd', 'ct-plain', '--', 'true']);
    assert.equal(stopped.code, 1);
    assert.match(stopped.stderr, /ct-plain is not running/);
    const noDash = cli(['containers', 'exec', 'lxd', lxdPeer().running, 'true']);
    assert.equal(noDash.code, 2);
    assert.match(noDash.stderr, /after --/);
    assert.match(cli(['containers', 'exec', 'nope', 'c', '--', 'true']).stderr, /No engine named "nope"/);
  });

  it('logs: the last lines, stderr lines on stderr, and bad options refused', () => {
    const name = 'h15-cli-logs';
    const docker = (args: string[]) => spawnSync('/usr/bin/docker', ['-H', `unix://${dockerPeer().socket}`, ...args], { encoding: 'utf8' });
    docker(['rm', '-f', name]);
    assert.equal(docker(['run', '--name', name, dockerPeer().image, 'sh', '-c', 'echo one; sleep 1; echo two >&2; sleep 1; echo three']).status, 0);
    try {
      const r = cli(['containers', 'logs', 'docker', name]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'one\nthree\n');
      assert.equal(r.stderr, 'two\n');
      const tail = cli(['--json', 'containers', 'logs', 'docker', name, '--tail', '1']);
      assert.deepEqual(JSON.parse(tail.stdout), { lines: [{ line: 'three', stream: 'stdout' }] });
      const ts = cli(['containers', 'logs', 'docker', name, '--timestamps', '--tail', '1']);
      assert.match(ts.stdout, /^\d{4}-\d\d-\d\dT\S+ three\n$/);
      assert.equal(cli(['containers', 'logs', 'docker', name, '--tail', 'x']).code, 2);
      assert.equal(cli(['--json', 'containers', 'logs', 'docker', name, '--follow']).code, 2);
    } finally {
      docker(['rm', '-f', name]);
    }
  });

  for (const [engine, running] of [['lxd', () => lxdPeer().running], ['podman', () => podmanPeer().running], ['docker', () => dockerPeer().running]] as const) {
    it(`cp in ${engine}: a local file in and back out, byte-identical; an existing target refused without --overwrite`, () => {
      const bytes = Buffer.concat([Buffer.from('binary \u0000\u00ff\n'), Buffer.alloc(70_000, 7)]);
      writeFileSync(join(dir, 'in.bin'), bytes);
      const target = `${engine}/${running()}:/tmp/h15-cp.bin`;
      const up = cli(['containers', 'cp', join(dir, 'in.bin'), target]);
      assert.equal(up.code, 0, up.stderr);
      assert.match(up.stdout, new RegExp(`copied ${bytes.length} bytes from .*in\\.bin to ${engine}/`));
      assert.equal(cli(['containers', 'exec', engine, running(), '--', 'sh', '-c', 'wc -c < /tmp/h15-cp.bin']).stdout.trim(), String(bytes.length));
      const again = cli(['containers', 'cp', join(dir, 'in.bin'), target]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /already exists/);
      assert.equal(cli(['containers', 'cp', join(dir, 'in.bin'), target, '--overwrite']).code, 0);
      const down = cli(['--json', 'containers', 'cp', target, join(dir, `out-${engine}.bin`)]);
      assert.equal(down.code, 0, down.stderr);
      assert.equal(JSON.parse(down.stdout).bytes, bytes.length);
      assert.deepEqual(readFileSync(join(dir, `out-${engine}.bin`)), bytes);
      const missing = cli(['containers', 'cp', `${engine}/${running()}:/tmp/h15-nope`, join(dir, 'nope.bin')]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /\/tmp\/h15-nope does not exist/);
      assert.deepEqual(readdirSync(dir).filter((n) => n.includes('nope')), [], 'nothing half-created');
      cli(['containers', 'exec', engine, running(), '--', 'rm', '-f', '/tmp/h15-cp.bin']);
    });
  }

  it('cp wants exactly one container side and an absolute path in it', () => {
    for (const args of [['a.txt', 'b.txt'], ['lxd/c:/x', 'lxd/c:/y'], ['lxd/c:relative', 'out.txt']]) {
      const r = cli(['containers', 'cp', ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /exactly one side/);
    }
  });
});
