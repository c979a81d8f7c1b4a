import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerFiles } from '../../../src/containers/containerFiles';
import { ContainerFileError } from '../../../src/containers/containerFileError';
import { copyFromContainer, copyToContainer } from '../../../src/containers/containerFileCopy';
import { execScript } from './execScript';
import { openEngine } from '../../../src/containers/engineConnection';
import type { EngineConnection } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { docker, dockerPeer, dockerTlsPeer, lxc, lxdPeer, podman, podmanPeer, sshdPeer, testEngineContext } from './enginePeers';

function record(kind: 'lxd' | 'podman' | 'docker', endpoint: string, tls?: { clientCert?: string; clientKey: string }): EngineRecord {
  return { id: 1, kind, name: kind, endpoint, clientCert: tls?.clientCert ?? null, clientKey: tls?.clientKey ?? null, lastSyncAt: null, lastError: null };
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const DIR = '/tmp/h15-files';

for (const e of [
  { title: 'LXD', kind: 'lxd' as const, socket: () => lxdPeer().socket, container: () => lxdPeer().running, pull: (c: string, p: string, to: string) => lxc(lxdPeer(), ['file', 'pull', `${c}${p}`, to]) },
  // A remote LXD: the file API's answers are read as streams, over our own TLS connection with the client certificate.
  {
    title: 'LXD over HTTPS',
    kind: 'lxd' as const,
    socket: () => lxdPeer().url,
    tls: () => ({ clientCert: lxdPeer().clientCert, clientKey: lxdPeer().clientKey }),
    container: () => lxdPeer().running,
    pull: (c: string, p: string, to: string) => lxc(lxdPeer(), ['file', 'pull', `${c}${p}`, to]),
  },
  // Remote Podman and Docker (#18): the archive endpoints through an SSH channel to the socket, and over TLS.
  {
    title: 'Podman over SSH',
    kind: 'podman' as const,
    socket: () => `ssh://${sshdPeer().user}@127.0.0.1:${sshdPeer().port}${podmanPeer().socket}`,
    tls: () => ({ clientKey: sshdPeer().key }),
    context: () => ({ ...testEngineContext(), knownHostsFiles: [sshdPeer().knownHosts], sshAgentSocket: null }),
    container: () => podmanPeer().running,
    pull: (c: string, p: string, to: string) => podman(podmanPeer(), ['cp', `${c}:${p}`, to]),
  },
  {
    title: 'Docker over TLS',
    kind: 'docker' as const,
    socket: () => dockerTlsPeer().host,
    tls: () => ({ clientCert: join(dockerTlsPeer().certPath, 'cert.pem'), clientKey: join(dockerTlsPeer().certPath, 'key.pem') }),
    container: () => dockerPeer().running,
    pull: (c: string, p: string, to: string) => docker(dockerPeer(), ['cp', `${c}:${p}`, to]),
  },
  { title: 'Podman', kind: 'podman' as const, socket: () => podmanPeer().socket, container: () => podmanPeer().running, pull: (c: string, p: string, to: string) => podman(podmanPeer(), ['cp', `${c}:${p}`, to]) },
  { title: 'Docker', kind: 'docker' as const, socket: () => dockerPeer().socket, container: () => dockerPeer().running, pull: (c: string, p: string, to: string) => docker(dockerPeer(), ['cp', `${c}:${p}`, to]) },
]) {
  describe(`container files: ${e.title} (real peer)`, function () {
    let conn: EngineConnection;
    let files: ContainerFiles;
    let local: string;
    before(async () => {
      conn = await openEngine(record(e.kind, e.socket(), 'tls' in e && e.tls ? e.tls() : undefined), 'context' in e && e.context ? e.context() : testEngineContext());
      files = new ContainerFiles(conn, e.container());
      local = mkdtempSync(join(tmpdir(), 'cc-files-'));
      await execScript(conn, e.container(), `rm -rf ${DIR}`);
    });
    after(async () => {
      await execScript(conn, e.container(), `rm -rf ${DIR}`).catch(() => undefined);
      conn?.close();
      rmSync(local, { recursive: true, force: true });
    });

    it('creates a directory and a file, lists and stats them, and the engine\'s own tool reads the same bytes', async () => {
      await files.mkdir(DIR);
      const text = Buffer.from('hello from the editor\nsecond line ü\n');
      await files.write(`${DIR}/a.txt`, text, { create: true, overwrite: false });
      await files.mkdir(`${DIR}/sub`);
      assert.deepEqual(await files.list(DIR), [['a.txt', 'file'], ['sub', 'directory']]);
      assert.equal((await files.stat(`${DIR}/a.txt`)).type, 'file');
      assert.equal((await files.stat(DIR)).type, 'directory');
      assert.deepEqual(await files.read(`${DIR}/a.txt`), text);
      e.pull(e.container(), `${DIR}/a.txt`, join(local, 'a.txt'));
      assert.deepEqual(readFileSync(join(local, 'a.txt')), text);
    });

    it('saves over an existing file keeping its mode', async () => {
      await execScript(conn, e.container(), `chmod 0640 ${DIR}/a.txt`);
      await files.write(`${DIR}/a.txt`, Buffer.from('changed\n'), { create: false, overwrite: true });
      assert.equal((await execScript(conn, e.container(), `cat ${DIR}/a.txt; stat -c %a ${DIR}/a.txt`)), 'changed\n640\n');
      assert.equal((await files.stat(`${DIR}/a.txt`)).mode, 0o640);
    });

    it('round-trips a 50 MB binary with the same sha256', async () => {
      const big = randomBytes(50 * 1024 * 1024);
      await files.write(`${DIR}/big.bin`, big, { create: true, overwrite: true });
      const inside = (await execScript(conn, e.container(), `sha256sum ${DIR}/big.bin`)).split(' ')[0];
      assert.equal(inside, sha(big));
      assert.equal(sha(await files.read(`${DIR}/big.bin`)), sha(big));
    });

    it('refuses .., reports missing paths and directories as such, and deletes', async () => {
      await assert.rejects(files.read(`${DIR}/../../etc/passwd`), (x: unknown) => x instanceof ContainerFileError && x.code === 'noPermission');
      await assert.rejects(files.read(`${DIR}/nope`), (x: unknown) => x instanceof ContainerFileError && x.code === 'notFound');
      await assert.rejects(files.read(DIR), (x: unknown) => x instanceof ContainerFileError && x.code === 'isDirectory');
      await assert.rejects(files.write(`${DIR}/a.txt`, Buffer.from('x'), { create: true, overwrite: false }), (x: unknown) => x instanceof ContainerFileError && x.code === 'exists');
      await files.delete(`${DIR}/a.txt`);
      await assert.rejects(files.stat(`${DIR}/a.txt`), (x: unknown) => x instanceof ContainerFileError && x.code === 'notFound');
    });

    it('renames a file and a directory with the container\'s own mv, refusing to replace or to move into itself', async () => {
      await files.mkdir(`${DIR}/mv`);
      await files.write(`${DIR}/mv/one.txt`, Buffer.from('one\n'), { create: true, overwrite: false });
      await execScript(conn, e.container(), `chmod 0604 ${DIR}/mv/one.txt`);
      await files.rename(`${DIR}/mv/one.txt`, `${DIR}/mv/two.txt`, { overwrite: false });
      assert.equal(await execScript(conn, e.container(), `cat ${DIR}/mv/two.txt; stat -c %a ${DIR}/mv/two.txt; ls ${DIR}/mv`), 'one\n604\ntwo.txt\n');
      await files.write(`${DIR}/mv/three.txt`, Buffer.from('3'), { create: true, overwrite: false });
      await assert.rejects(files.rename(`${DIR}/mv/three.txt`, `${DIR}/mv/two.txt`, { overwrite: false }), (x: unknown) => x instanceof ContainerFileError && x.code === 'exists');
      await assert.rejects(files.rename(`${DIR}/mv`, `${DIR}/mv/inside`, { overwrite: false }), (x: unknown) => x instanceof ContainerFileError && x.code === 'noPermission');
      await files.rename(`${DIR}/mv`, `${DIR}/moved`, { overwrite: false });
      assert.deepEqual(await files.list(`${DIR}/moved`), [['three.txt', 'file'], ['two.txt', 'file']]);
    });

    it('copies a 100 MB file from disk in and back out as streams: same sha256, and a refused copy leaves nothing behind', async () => {
      const big = randomBytes(100 * 1024 * 1024);
      writeFileSync(join(local, 'in.bin'), big);
      assert.equal(await copyToContainer(files, join(local, 'in.bin'), `${DIR}/in.bin`, { overwrite: false }), big.length);
      assert.equal((await execScript(conn, e.container(), `sha256sum ${DIR}/in.bin`)).split(' ')[0], sha(big));
      assert.equal(await copyFromContainer(files, `${DIR}/in.bin`, join(local, 'out.bin'), { overwrite: false }), big.length);
      assert.equal(sha(readFileSync(join(local, 'out.bin'))), sha(big));
      await assert.rejects(copyToContainer(files, join(local, 'in.bin'), `${DIR}/in.bin`, { overwrite: false }), (x: unknown) => x instanceof ContainerFileError && x.code === 'exists');
      await assert.rejects(copyFromContainer(files, `${DIR}/in.bin`, join(local, 'out.bin'), { overwrite: false }), (x: unknown) => x instanceof ContainerFileError && x.code === 'exists');
      await assert.rejects(copyFromContainer(files, `${DIR}/missing`, join(local, 'missing.bin'), { overwrite: false }), (x: unknown) => x instanceof ContainerFileError && x.code === 'notFound');
      await assert.rejects(copyFromContainer(files, DIR, join(local, 'dir.bin'), { overwrite: false }), (x: unknown) => x instanceof ContainerFileError && x.code === 'isDirectory');
      assert.equal(existsSync(join(local, 'missing.bin')) || existsSync(join(local, 'dir.bin')), false);
      assert.deepEqual(readdirSync(local).filter((n) => n.endsWith('.part')), [], 'no partial file left');
      await execScript(conn, e.container(), `rm -f ${DIR}/in.bin`);
    });
  });
}

describe('container files: LXD over HTTPS with a pinned certificate (real peer)', () => {
  it('refuses to stream a file from a server whose certificate is not the pinned one', async () => {
    const p = lxdPeer();
    const ctx = testEngineContext();
    const rec = { ...record('lxd', p.url, { clientCert: p.clientCert, clientKey: p.clientKey }), id: 9001 };
    // The pinned certificate recorded for this engine is another one (the client's own).
    writeFileSync(join(ctx.certDir, `${rec.id}.crt`), readFileSync(p.clientCert));
    const conn = await openEngine(rec, ctx);
    try {
      const files = new ContainerFiles(conn, p.running);
      await assert.rejects(files.readStream('/etc/hostname'), (err: Error & { kind?: string }) => {
        assert.equal(err.kind, 'tls');
        assert.match(err.message, /server certificate of .* changed/);
        return true;
      });
    } finally {
      conn.close();
    }
  });
});
