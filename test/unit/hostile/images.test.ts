import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { create as createTar } from 'tar';
import { ImageSource } from '../../../src/entities/ImageSource';
import { downloadVerified } from '../../../src/images/downloadImage';
import { ImageCatalogError } from '../../../src/images/imageCatalogError';
import { refreshSimplestreams } from '../../../src/images/refreshSimplestreams';
import { addServer } from '../../../src/images/serverList';
import { readTarballMetadata } from '../../../src/images/tarballMetadata';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { runCli } from '../images/cliRunner';
import { listDir, tempDir } from '../images/simplestreamsPeer';

const MiB = 1024 * 1024;

/** A loopback HTTP server of the test's own that misbehaves as `handler` says. */
async function serve(handler: RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((res) => {
      server.closeAllConnections();
      server.close(() => res());
    }),
  };
}

/** A small real tar (plain) holding `files` (path → content), written to `file`. */
async function smallTar(file: string, files: Record<string, string | number>): Promise<void> {
  const dir = tempDir('cc-hostile-tar-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    if (typeof content === 'number') {
      // A file of `content` zero bytes (sparse: costs no disk to make).
      const fd = openSync(join(dir, path), 'w');
      if (content > 0) writeSync(fd, Buffer.alloc(1), 0, 1, content - 1);
      closeSync(fd);
    } else {
      writeFileSync(join(dir, path), content);
    }
  }
  await createTar({ file, cwd: dir, portable: true }, Object.keys(files));
}

/** `head` gzipped, then `zeroMiB` MiB of zeros as repeated gzip members: a ~1 KB per MiB bomb. */
function gzipWithZeros(file: string, head: Buffer, zeroMiB: number): void {
  const member = gzipSync(Buffer.alloc(MiB), { level: 9 });
  const fd = openSync(file, 'w');
  if (head.length) writeSync(fd, gzipSync(head));
  for (let i = 0; i < zeroMiB; i++) writeSync(fd, member);
  closeSync(fd);
}

/** The xz children of this process (none may outlive a read). */
function xzChildren(): string[] {
  const out = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter((l) => /\bxz\b/.test(l));
}

describe('hostile input: images', () => {
  let t: TempCatalog | undefined;
  const servers: { close: () => Promise<void> }[] = [];
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
    for (const s of servers.splice(0)) await s.close();
  });
  const start = async (handler: RequestListener): Promise<string> => {
    const s = await serve(handler);
    servers.push(s);
    return s.url;
  };

  it('an .xz file that is not a tar: images import exits with an error and leaves no xz running', async () => {
    const dir = tempDir('cc-hostile-xz-');
    const file = join(dir, 'fake.tar.xz');
    // More than a pipe holds once decompressed, so an unread xz blocks on its stdout.
    writeFileSync(file, execFileSync('xz', ['-0', '-c'], { input: Buffer.from('this is not a tarball\n'.repeat(200_000)) }));
    const r = await runCli(['--catalog', join(dir, 'catalog.db'), 'images', 'import', file, '--dir', join(dir, 'images')], { timeoutMs: 30_000 });
    assert.equal(r.timedOut, false, 'the CLI exits by itself');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /fake\.tar\.xz: not a readable tarball/);
    await assert.rejects(readTarballMetadata(file), /fake\.tar\.xz: not a readable tarball/);
    assert.deepEqual(xzChildren(), []);
  });

  it('a .tar.gz followed by 1 GiB of zeros is read only up to its end-of-archive marker', async () => {
    const dir = tempDir('cc-hostile-gz-');
    const tar = join(dir, 'small.tar');
    await smallTar(tar, { 'hello.txt': 'hello\n' });
    const file = join(dir, 'bomb.tar.gz');
    gzipWithZeros(file, readFileSync(tar), 1024);
    assert.deepEqual(await readTarballMetadata(file), { distribution: null, release: null, arch: null, from: null });
    // Nothing but zeros: the marker comes first, there is no entry.
    const zeros = join(dir, 'zeros.tar.gz');
    gzipWithZeros(zeros, Buffer.alloc(0), 1024);
    await assert.rejects(readTarballMetadata(zeros), /zeros\.tar\.gz: not a readable tarball \(no entries\)/);
  });

  it('a .tar.xz followed by 256 MiB of zeros stops at the marker and its xz child is killed', async () => {
    const dir = tempDir('cc-hostile-xzz-');
    const tar = join(dir, 'small.tar');
    await smallTar(tar, { 'hello.txt': 'hello\n' });
    const file = join(dir, 'bomb.tar.xz');
    const padded = join(dir, 'padded.tar');
    const fd = openSync(padded, 'w');
    writeSync(fd, readFileSync(tar));
    writeSync(fd, Buffer.alloc(1), 0, 1, readFileSync(tar).length + 256 * MiB - 1);
    closeSync(fd);
    execFileSync('sh', ['-c', `xz -0 -T1 -c "${padded}" > "${file}"`]);
    assert.deepEqual(await readTarballMetadata(file), { distribution: null, release: null, arch: null, from: null });
    assert.deepEqual(xzChildren(), []);
  });

  it('an archive whose metadata lies beyond the read limit is refused, saying where reading stopped', async () => {
    const dir = tempDir('cc-hostile-cap-');
    const file = join(dir, 'late.tar');
    // A 16 MiB entry before etc/os-release (tar keeps the given order).
    await smallTar(file, { 'big.bin': 16 * MiB, 'etc/os-release': 'ID=alpine\nVERSION_ID=3.20\n' });
    await assert.rejects(readTarballMetadata(file, { maxArchiveBytes: MiB }),
      /late\.tar: no metadata\.yaml or os-release in the first 1 MiB of the archive \(reading stopped there\)/);
    assert.equal((await readTarballMetadata(file)).from, 'os-release', 'under the default limit it is found');
  });

  it('a 200 KB gzip catalog that inflates past 128 MiB is refused while inflating, and the catalog is unchanged', async () => {
    const member = gzipSync(Buffer.alloc(MiB, 0x20), { level: 9 });
    const body = Buffer.concat(Array.from({ length: 200 }, () => member));
    assert.ok(body.length < 300_000);
    const url = await start((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
      res.end(body);
    });
    t = await openTempCatalog();
    await addServer(t.catalog, `${url}/ss`, []);
    await assert.rejects(refreshSimplestreams(t.catalog, { force: true }), (e: Error) => {
      assert.ok(e instanceof ImageCatalogError, String(e));
      assert.match(e.message, /\/ss\/streams\/v1\/index\.json: catalog is too large \(more than 134217728 bytes once decompressed; reading stopped there\)/);
      return true;
    });
    assert.equal(await t.catalog.read((em) => em.count(ImageSource)), 0);
  });

  it('a catalog server that trickles a byte a second fails the refresh with the idle timeout', async () => {
    const url = await start((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 1000);
      res.on('close', () => clearInterval(timer));
    });
    t = await openTempCatalog();
    await addServer(t.catalog, `${url}/ss`, []);
    await assert.rejects(refreshSimplestreams(t.catalog, { force: true, httpLimits: { idleMs: 300 } }),
      /\/ss\/streams\/v1\/index\.json: timed out: no data for 300 ms \(idle timeout\)/);
    assert.equal(await t.catalog.read((em) => em.count(ImageSource)), 0);
  });

  it('a catalog server that never answers fails the refresh with the idle timeout', async () => {
    const url = await start(() => undefined);
    t = await openTempCatalog();
    await addServer(t.catalog, `${url}/ss`, []);
    await assert.rejects(refreshSimplestreams(t.catalog, { force: true, httpLimits: { idleMs: 300 } }), /timed out: no data for 300 ms \(idle timeout\)/);
  });

  it('a catalog server that keeps sending just fast enough fails the refresh with the total timeout', async () => {
    const url = await start((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
    });
    t = await openTempCatalog();
    await addServer(t.catalog, `${url}/ss`, []);
    await assert.rejects(refreshSimplestreams(t.catalog, { force: true, httpLimits: { idleMs: 5000, totalMs: 500 } }),
      /timed out: not finished after 500 ms \(total timeout\)/);
  });

  /** Streams 64 KiB chunks, `totalMiB` MiB in all, without a Content-Length. */
  const endless = (totalMiB: number): RequestListener => (req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let left = totalMiB * 16;
    const more = (): void => {
      while (left > 0) {
        left--;
        if (!res.write(chunk)) {
          res.once('drain', more);
          return;
        }
      }
      res.end();
    };
    res.on('close', () => (left = 0));
    more();
  };
  const someDigest = createHash('sha256').update('the real image').digest('hex');

  it('a download longer than the size the catalog gives is stopped there and its partial deleted', async () => {
    const url = await start(endless(64));
    const dir = tempDir('cc-hostile-dl-');
    await assert.rejects(downloadVerified(`${url}/image.tar.xz`, dir, `sha256_${someDigest}.tar.xz`, 'SHA256', someDigest, MiB),
      /image\.tar\.xz: the server sent more than 2097152 bytes \(the size the catalog gives \(plus 1 MiB\)\); the download was stopped and its partial file deleted/);
    assert.deepEqual(listDir(dir), []);
  });

  it('a download of unknown size is stopped at the hard cap and its partial deleted', async () => {
    const url = await start(endless(64));
    const dir = tempDir('cc-hostile-dl-');
    await assert.rejects(downloadVerified(`${url}/image.tar.xz`, dir, `sha256_${someDigest}.tar.xz`, 'SHA256', someDigest, null, { maxBytes: 4 * MiB }),
      /the server sent more than 4194304 bytes \(the limit for a download of unknown size\)/);
    assert.deepEqual(listDir(dir), []);
  });

  it('a download that trickles fails with the idle timeout and leaves no partial', async () => {
    const url = await start((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 1000 });
      const timer = setInterval(() => res.write('x'), 1000);
      res.on('close', () => clearInterval(timer));
    });
    const dir = tempDir('cc-hostile-dl-');
    await assert.rejects(downloadVerified(`${url}/image.tar.xz`, dir, `sha256_${someDigest}.tar.xz`, 'SHA256', someDigest, null, { limits: { idleMs: 300 } }),
      /image\.tar\.xz: timed out: no data for 300 ms \(idle timeout\)/);
    assert.deepEqual(listDir(dir), []);
  });
});
