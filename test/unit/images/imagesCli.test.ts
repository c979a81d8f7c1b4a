import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliRun, type CliRunOptions } from './cliRunner';
import { listDir, simplestreamsPeer, switchCatalog, tempDir } from './simplestreamsPeer';

const cli = (args: string[], opts: CliRunOptions = {}): Promise<CliRun> => runCli(args, opts);

describe('images CLI (cli.js images …) against the nginx peer', function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  let base: string;
  const json = async (args: string[]): Promise<unknown> => {
    const r = await cli(['--catalog', file, '--json', ...args]);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  beforeEach(() => {
    base = simplestreamsPeer().url;
    switchCatalog('a');
    dir = tempDir('cc-images-cli-');
    file = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('add-simplestreams, refresh (then 304), sources, download, local, import', async () => {
    assert.deepEqual(await json(['images', 'add-simplestreams', `${base}/ss/`]), { server: `${base}/ss`, servers: [`${base}/ss`] });
    const first = await json(['images', 'refresh', '--force']) as { type: string; status: string; upserted?: number }[];
    assert.deepEqual(first.map((r) => [r.type, r.status]), [['Builtin', 'updated'], ['Incus', 'updated'], ['Uri', 'unchanged']]);
    assert.equal(first.find((r) => r.type === 'Incus')!.upserted, 9);
    const again = await json(['images', 'refresh', '--force']) as { type: string; status: string }[];
    assert.equal(again.find((r) => r.type === 'Incus')!.status, 'unchanged');
    const ttl = await json(['images', 'refresh']) as { type: string; status: string }[];
    assert.ok(ttl.every((r) => r.status === 'skipped'), JSON.stringify(ttl));

    const sources = await json(['images', 'sources', '--type', 'Incus']) as { id: string; url: string; digest: string }[];
    assert.equal(sources.length, 9);
    const s = sources.find((x) => x.url.endsWith('/alpine/3.20/amd64/default/20260102_0312/rootfs.tar.xz'))!;
    const images = join(dir, 'dl');
    const d = await cli(['--catalog', file, '--json', 'images', 'download', s.id, '--dir', images]);
    assert.equal(d.code, 0, d.stderr);
    const got = JSON.parse(d.stdout) as { localImageId: string; file: string; downloaded: boolean };
    assert.equal(got.file, join(images, `sha256_${s.digest}.tar.xz`));
    assert.equal(createHash('sha256').update(readFileSync(got.file)).digest('hex'), s.digest);
    assert.match(d.stderr, /\(100%\)\n$/, 'progress on stderr');
    const locals = await json(['images', 'local']) as { id: string; state: string }[];
    assert.deepEqual(locals.map((l) => [l.id, l.state]), [[got.localImageId, 'Synced']]);

    const tarball = join(simplestreamsPeer().root, 'files/uri/plain-debian-12.rootfs.tar.xz');
    const imp = await json(['images', 'import', tarball, '--dir', images]) as { distribution: string; release: string; created: boolean };
    assert.deepEqual([imp.distribution, imp.release, imp.created], ['debian', '12', true]);

    // Text output and usage errors.
    const text = await cli(['--catalog', file, 'images', 'local']);
    assert.match(text.stdout, /Synced\s+alpine 3\.20 default \(amd64\)/);
    const bad = await cli(['--catalog', file, 'images', 'download']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /expected exactly one ImageSource Id\nusage: images download <ImageSource Id> \[--dir D\]/);
    const missing = await cli(['--catalog', file, '--json', 'images', 'download', 'nope']);
    assert.equal(missing.code, 1);
    assert.deepEqual(JSON.parse(missing.stderr), { error: 'image source nope: does not exist' });
  });

  it('a refresh failure exits 1, names the URL, and changes nothing', async () => {
    await json(['images', 'add-simplestreams', `${base}/ss-malformed`]);
    const r = await cli(['--catalog', file, '--json', 'images', 'refresh', '--force']);
    assert.equal(r.code, 1);
    assert.match(JSON.parse(r.stderr).error, /Incus: failed \(http:\/\/127\.0\.0\.1:\d+\/ss-malformed\/streams\/v1\/images\.json: malformed JSON/);
    assert.deepEqual(await json(['images', 'sources', '--type', 'Incus']), []);
  });

  it('Ctrl-C cancels a download and leaves no partial file', async () => {
    await json(['images', 'add-simplestreams', `${base}/ss-slow`]);
    await json(['images', 'refresh', '--force']);
    const sources = await json(['images', 'sources', '--type', 'Incus']) as { id: string; url: string }[];
    const s = sources.find((x) => x.url.includes('/alpine/3.19/amd64/'))!;
    const images = join(dir, 'dl');
    let interrupted = false;
    const r = await cli(['--catalog', file, 'images', 'download', s.id, '--dir', images], {
      onStderr: (chunk, kill) => {
        if (!interrupted && /KB of/.test(chunk)) {
          interrupted = true;
          kill();
        }
      },
    });
    assert.ok(interrupted, r.stderr);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /rootfs\.tar\.xz: cancelled/);
    assert.deepEqual(existsSync(images) ? listDir(images) : [], []);
    assert.deepEqual(await json(['images', 'local']), []);
  });
  it('kill -9 during a download leaves a partial that the next download removes; a live download keeps its own', async () => {
    await json(['images', 'add-simplestreams', `${base}/ss`]);
    await json(['images', 'add-simplestreams', `${base}/ss-slow`]);
    await json(['images', 'refresh', '--force']);
    const sources = await json(['images', 'sources', '--type', 'Incus']) as { id: string; url: string }[];
    const slow = sources.find((x) => x.url.includes('/ss-slow/') && x.url.includes('/alpine/3.19/amd64/'))!;
    const fast = sources.find((x) => x.url.includes('/ss/') && x.url.endsWith('/alpine/3.20/amd64/default/20260102_0312/rootfs.tar.xz'))!;
    const images = join(dir, 'dl');
    const partials = (): string[] => listDir(images).filter((n) => n.endsWith('.partial'));
    let pid = 0;
    let receiving!: () => void;
    const started = new Promise<void>((res) => (receiving = res));
    const killed = cli(['--catalog', file, 'images', 'download', slow.id, '--dir', images], {
      onStart: (p) => (pid = p),
      onStderr: (chunk) => /KB of/.test(chunk) && receiving(),
      timeoutMs: 100_000,
    });
    await started;
    const [partial] = partials();
    assert.ok(partial, 'the slow download is writing its partial');
    // Another process downloading into the same folder leaves the live partial alone.
    const other = await cli(['--catalog', file, '--json', 'images', 'download', fast.id, '--dir', images]);
    assert.equal(other.code, 0, other.stderr);
    assert.deepEqual(partials(), [partial]);
    process.kill(pid, 'SIGKILL');
    const r = await killed;
    assert.equal(r.signal, 'SIGKILL');
    assert.deepEqual(partials(), [partial], 'kill -9 leaves the partial behind');
    // The next use of the folder removes it: its writer is gone.
    const next = await cli(['--catalog', file, '--json', 'images', 'download', fast.id, '--dir', images]);
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(partials(), []);
  });
});
