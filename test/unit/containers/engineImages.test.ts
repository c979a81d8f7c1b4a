import * as assert from 'node:assert/strict';
import type { EngineContext } from '../../../src/containers/engineConnection';
import { isEngineError } from '../../../src/containers/engineError';
import { listEngineObjects } from '../../../src/containers/engineObjectLists';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine } from '../../../src/containers/engineRegistry';
import { planPrune, prune, pullToEngine, removeEngineImage } from '../../../src/containers/engineImages';
import { pullSourceFor } from '../../../src/containers/registryPull';
import { syncEngine } from '../../../src/containers/syncEngine';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { registryPeer, type RegistryPeer } from '../registries/registryPeer';
import { docker, dockerPeer, podman, podmanPeer, testEngineContext, type EngineApiPeer } from './enginePeers';

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function describeImages(kind: 'podman' | 'docker', peerOf: () => EngineApiPeer, cliOf: (args: string[]) => string): void {
  describe(`engine images on ${kind}: pull, remove, prune (real ${kind} and registry peers)`, function () {
    let reg: RegistryPeer;
    let peer: EngineApiPeer;
    let t: TempCatalog;
    let ctx: EngineContext;
    let engine: EngineRecord;
    const stopped = `img-${kind}-stopped`;
    const tryCli = (args: string[]): string | undefined => {
      try {
        return cliOf(args);
      } catch {
        return undefined;
      }
    };
    const imageId = (ref: string): string | undefined => tryCli(['image', 'inspect', '--format', '{{.Id}}', ref])?.trim().replace(/^sha256:/, '');
    const refs = (r: RegistryPeer): string[] => [`${r.basic}/tools/one:1.1`, `${r.anon}/library/busybox:1.0`, `${r.anon}/library/busybox:1.1`];
    const catalogImages = async (): Promise<string[]> => (await listEngineObjects(t.catalog, engine.id, 'images')).map((i) => i.fingerprint.replace(/^sha256:/, ''));

    before(async () => {
      reg = registryPeer();
      peer = peerOf();
      tryCli(['rm', '-f', stopped]);
      for (const ref of refs(reg)) tryCli(['rmi', '-f', ref]);
      t = await openTempCatalog();
      ctx = { ...testEngineContext(), logger: quiet };
      engine = await addEngine(t.catalog, { kind, endpoint: peer.socket, name: `${kind}-images` });
      await syncEngine(t.catalog, engine, ctx);
    });
    after(async () => {
      tryCli(['rm', '-f', stopped]);
      if (reg) for (const ref of refs(reg)) tryCli(['rmi', '-f', ref]);
      await t?.dispose();
    });

    it('pulls a tag with a login without running it; the catalog lists the image after', async () => {
      const src = pullSourceFor({ name: 'basic', url: reg.basic, insecure: false }, 'tools/one', '1.1', { username: reg.user, password: reg.password });
      const layers: string[] = [];
      const r = await pullToEngine(t.catalog, engine, ctx, src, { onProgress: (p) => p.layer && layers.push(p.layer) });
      assert.equal(r.id.replace(/^sha256:/, ''), imageId(src.reference));
      assert.ok(layers.length > 0);
      assert.ok((await catalogImages()).some((f) => r.id.includes(f) || f.includes(r.id.replace(/^sha256:/, ''))), 'the image is in the catalog');
      const wrong = pullSourceFor({ name: 'basic', url: reg.basic, insecure: false }, 'tools/one', '1.1', { username: reg.user, password: 'nope' });
      await assert.rejects(pullToEngine(t.catalog, engine, ctx, wrong), /refused the saved login/);
    });

    it('removes an image; one a container uses is refused by the engine and stays', async () => {
      const ref = `${reg.basic}/tools/one:1.1`;
      cliOf(['create', '--name', stopped, '--network', peer.network, ref, '/bin/true']);
      await assert.rejects(removeEngineImage(t.catalog, engine, ctx, ref), (e: Error) => isEngineError(e, 'api') && /in use|being used|conflict|container/i.test(e.message));
      assert.ok(imageId(ref), 'still there');
      cliOf(['rm', stopped]);
      await removeEngineImage(t.catalog, engine, ctx, ref);
      assert.equal(imageId(ref), undefined);
    });

    it('prune lists dangling images and stopped containers with sizes, and removes exactly what it is given', async () => {
      // A dangling image: 1.0's only tag is moved to another image.
      const src = (tag: string) => pullSourceFor({ name: 'anon', url: reg.anon, insecure: false }, 'library/busybox', tag);
      const old = (await pullToEngine(t.catalog, engine, ctx, src('1.0'))).id.replace(/^sha256:/, '');
      await pullToEngine(t.catalog, engine, ctx, src('1.1'));
      cliOf(['tag', `${reg.anon}/library/busybox:1.1`, `${reg.anon}/library/busybox:1.0`]);
      cliOf(['create', '--name', stopped, '--network', peer.network, peer.image, '/bin/true']);
      const plan = await planPrune(engine, ctx);
      const planned = plan.images.find((i) => i.id.replace(/^sha256:/, '') === old);
      assert.ok(planned, `the dangling image is listed: ${JSON.stringify(plan.images)}`);
      assert.ok(planned.size > 0);
      const mine = plan.containers.find((c) => c.name === stopped);
      assert.ok(mine, 'the stopped container is listed');
      assert.ok(plan.containers.every((c) => c.name !== peer.running), 'a running container is never listed');
      assert.equal(plan.bytes, plan.images.reduce((n, i) => n + i.size, 0) + plan.containers.reduce((n, c) => n + c.size, 0));
      // The peer's own stopped containers are listed too; this test prunes only what it made.
      const others = plan.containers.filter((c) => c !== mine).map((c) => c.name);
      const result = await prune(t.catalog, engine, ctx, { ...plan, images: [planned], containers: [mine] });
      assert.deepEqual(result.removedContainers, [stopped]);
      assert.deepEqual(result.removedImages, [planned.id]);
      assert.deepEqual(result.skipped, []);
      assert.equal(tryCli(['container', 'inspect', stopped]), undefined);
      assert.equal(tryCli(['image', 'inspect', old]), undefined);
      for (const n of others) assert.ok(tryCli(['container', 'inspect', n]), `${n} was not in what prune was given and stays`);
    });

    it('prune removes what the confirmation listed, not a stopped container made after the list was read', async () => {
      const listed = `img-${kind}-listed`;
      const later = `img-${kind}-later`;
      try {
        cliOf(['create', '--name', listed, '--network', peer.network, peer.image, '/bin/true']);
        const plan = await planPrune(engine, ctx);
        const mine = plan.containers.find((c) => c.name === listed);
        assert.ok(mine, 'the stopped container is listed');
        cliOf(['create', '--name', later, '--network', peer.network, peer.image, '/bin/true']);
        assert.ok(!plan.containers.some((c) => c.name === later));
        // The peer's own stopped containers are in the plan too; only what this test made is pruned.
        const result = await prune(t.catalog, engine, ctx, { ...plan, images: [], containers: [mine] });
        assert.deepEqual(result.removedContainers, [listed]);
        assert.equal(tryCli(['container', 'inspect', listed]), undefined);
        assert.ok(tryCli(['container', 'inspect', later]), 'the container made after the plan stays');
      } finally {
        tryCli(['rm', '-f', listed]);
        tryCli(['rm', '-f', later]);
      }
    });
  });
}

describeImages('podman', podmanPeer, (args) => podman(podmanPeer(), args));
describeImages('docker', dockerPeer, (args) => docker(dockerPeer(), args));
