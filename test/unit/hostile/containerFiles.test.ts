import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ContainerFiles } from '../../../src/containers/containerFiles';
import { ContainerFileError } from '../../../src/containers/containerFileError';
import { execScript } from '../containers/execScript';
import { openEngine } from '../../../src/containers/engineConnection';
import type { EngineConnection } from '../../../src/containers/engineConnection';
import { dockerPeer, lxdPeer, podmanPeer, testEngineContext } from '../containers/enginePeers';

const DIR = '/tmp/h15-links';
/** A path that exists in the container only; on the host it must never appear. */
const TARGET = '/tmp/h15-link-target';

/**
 * Symlinks inside a container that point out of their folder, absolutely or with enough `..` to climb out
 * of any root: what they name is the container's file (or refused), never the host's.
 */
describe('hostile input: container files', function () {
  for (const e of [
    { title: 'LXD', kind: 'lxd' as const, socket: () => lxdPeer().socket, container: () => lxdPeer().running },
    { title: 'Podman', kind: 'podman' as const, socket: () => podmanPeer().socket, container: () => podmanPeer().running },
    { title: 'Docker', kind: 'docker' as const, socket: () => dockerPeer().socket, container: () => dockerPeer().running },
  ]) {
    describe(`symlinks out of the folder on ${e.title} (real peer)`, function () {
      let conn: EngineConnection;
      let files: ContainerFiles;
      before(async () => {
        assert.equal(existsSync(TARGET), false, `${TARGET} must not exist on the host for this test`);
        conn = await openEngine({ id: 1, kind: e.kind, name: e.kind, endpoint: e.socket(), clientCert: null, clientKey: null, lastSyncAt: null, lastError: null }, testEngineContext());
        files = new ContainerFiles(conn, e.container());
        await execScript(conn, e.container(), `rm -rf ${DIR} ${TARGET} && mkdir -p ${DIR} && ln -s /etc/hostname ${DIR}/abs && ln -s ../../../../../../../etc/hostname ${DIR}/rel && ln -s ../../../../../../..${TARGET} ${DIR}/out`);
      });
      after(async () => {
        await execScript(conn, e.container(), `rm -rf ${DIR} ${TARGET}`).catch(() => undefined);
        conn?.close();
        rmSync(TARGET, { force: true });
      });

      it('reads what a link names inside the container (or refuses), never the host\'s file', async () => {
        const inside = await execScript(conn, e.container(), 'cat /etc/hostname');
        const host = readFileSync('/etc/hostname', 'utf8');
        assert.notEqual(inside, host, 'the container and the host have different hostnames');
        for (const link of ['abs', 'rel']) {
          const got = await files.read(`${DIR}/${link}`).then(
            (b) => b.toString('utf8'),
            (err: unknown) => {
              assert.ok(err instanceof ContainerFileError, String(err));
              return undefined;
            },
          );
          assert.notEqual(got, host, `${link} read the host's /etc/hostname`);
          // Either the container's file, the link's own text (LXD hands a symlink over as its target), or refused.
          if (got !== undefined) assert.ok(got === inside || /etc\/hostname$/.test(got), `${link}: ${JSON.stringify(got)}`);
        }
      });

      it('a write through a link pointing out of its folder lands in the container (or is refused), never on the host', async () => {
        await files.write(`${DIR}/out`, Buffer.from('written through the link\n'), { create: true, overwrite: true }).catch((err: unknown) => {
          assert.ok(err instanceof ContainerFileError || err instanceof Error, String(err));
        });
        assert.equal(existsSync(TARGET), false, 'nothing was written on the host');
      });
    });
  }
});
