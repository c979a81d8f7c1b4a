import * as assert from 'node:assert/strict';
import { v7 as uuidv7 } from 'uuid';
import { ImageSource } from '../../../src/entities/ImageSource';
import { LocalImage } from '../../../src/entities/LocalImage';
import { Registry } from '../../../src/entities/Registry';
import { ImageCancelledError } from '../../../src/images/imageCatalogError';
import { createLocalImageFromImageSource } from '../../../src/images/localImages';
import { addRegistryImage, checkRegistryImages } from '../../../src/images/registryImages';
import { normalizeRegistryUrl } from '../../../src/registries/registryUrl';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';

function registryPeer(): { anon: string; basic: string; user: string; password: string; digests: Record<string, string> } {
  const e = process.env;
  if (!e.CC_REGISTRY_ANON || !e.CC_REGISTRY_BASIC || !e.CC_REGISTRY_USER || !e.CC_REGISTRY_PASSWORD || !e.CC_REGISTRY_DIGESTS) {
    throw new Error('CC_REGISTRY_* is not set: run `test/peers/registry.sh start` and source .build/peers/registry.env');
  }
  return {
    anon: e.CC_REGISTRY_ANON, basic: e.CC_REGISTRY_BASIC, user: e.CC_REGISTRY_USER, password: e.CC_REGISTRY_PASSWORD,
    digests: JSON.parse(e.CC_REGISTRY_DIGESTS) as Record<string, string>,
  };
}

describe('images: registry images (Type Docker) against the loopback registry', () => {
  let t: TempCatalog;
  let peer: ReturnType<typeof registryPeer>;
  const addRegistry = (address: string): Promise<string> => t.catalog.write(async (em) => {
    const id = uuidv7();
    await em.insert(Registry, { id, name: address, url: normalizeRegistryUrl(address).key, insecure: true });
    return id;
  });

  beforeEach(async () => {
    peer = registryPeer();
    t = await openTempCatalog();
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('takes the digest from a manifest HEAD and the size from the manifest', async () => {
    const reg = await addRegistry(peer.anon);
    const id = await addRegistryImage(t.catalog, { registryId: reg, repository: 'library/busybox', tag: '1.2' });
    const s = await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { id }));
    assert.equal(s.type, 'Docker');
    assert.equal(`sha256:${s.digest}`, peer.digests['library/busybox:1.2']);
    assert.equal(s.digestSource, 'docker');
    assert.ok(s.size && s.size > 1000, `size from the manifest: ${s.size}`);
    assert.equal(s.url, `docker://${peer.anon}/library/busybox:1.2`);
    assert.equal(s.name, 'library/busybox:1.2');
    assert.equal(s.release, '1.2');
    // Adding it again updates the same row.
    assert.equal(await addRegistryImage(t.catalog, { registryId: reg, repository: 'library/busybox', tag: '1.2' }), id);
    await assert.rejects(addRegistryImage(t.catalog, { registryId: reg, repository: 'library/nothere', tag: '1' }), /library\/nothere/);
    await assert.rejects(addRegistryImage(t.catalog, { registryId: reg, repository: 'Bad Name', tag: '1' }), /Bad Name/);
  });

  it('uses the credentials of a Basic-auth registry, and says so when they are missing', async () => {
    const reg = await addRegistry(peer.basic);
    await assert.rejects(addRegistryImage(t.catalog, { registryId: reg, repository: 'library/busybox', tag: '1.1' }), (e: Error) => /401|unauthori|credential|log in/i.test(e.message));
    const id = await addRegistryImage(t.catalog, { registryId: reg, repository: 'library/busybox', tag: '1.1' },
      async () => ({ username: peer.user, password: peer.password }));
    const s = await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { id }));
    assert.equal(`sha256:${s.digest}`, peer.digests['library/busybox:1.1']);
  });

  it('check for outdated: HEAD finds a moved tag and marks the recorded local image Outdated', async () => {
    const reg = await addRegistry(peer.anon);
    const moved = await addRegistryImage(t.catalog, { registryId: reg, repository: 'library/busybox', tag: 'latest' });
    const still = await addRegistryImage(t.catalog, { registryId: reg, repository: 'library/busybox', tag: '1.0' });
    // The state of a catalog that recorded `latest` when it pointed at what is now tag 1.1.
    const before = peer.digests['library/busybox:1.1'].slice('sha256:'.length);
    const locals = await t.catalog.write(async (em) => {
      await em.update(ImageSource, { id: moved }, { digest: before });
      const out: string[] = [];
      for (const id of [moved, still]) {
        const l = await createLocalImageFromImageSource(em, await em.findOneByOrFail(ImageSource, { id }));
        await em.update(LocalImage, { id: l.id }, { state: 'Synced' });
        out.push(l.id);
      }
      return out;
    });
    const progress: number[] = [];
    const r = await checkRegistryImages(t.catalog, undefined, { onProgress: (d) => progress.push(d) });
    assert.deepEqual(r, { checked: 2, changed: [moved], outdated: 1, errors: [] });
    assert.deepEqual(progress, [1, 2]);
    const [a, b] = await t.catalog.read((em) => Promise.all(locals.map((id) => em.findOneByOrFail(LocalImage, { id }))));
    assert.equal(a.state, 'Outdated');
    assert.equal(a.digest, before);
    assert.equal(b.state, 'Synced');
    const src = await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { id: moved }));
    assert.equal(`sha256:${src.digest}`, peer.digests['library/busybox:latest']);
  });

  it('a cancelled check writes nothing', async () => {
    const reg = await addRegistry(peer.anon);
    const id = await addRegistryImage(t.catalog, { registryId: reg, repository: 'library/busybox', tag: 'latest' });
    await t.catalog.write((em) => em.update(ImageSource, { id }, { digest: 'a'.repeat(64) }));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(checkRegistryImages(t.catalog, undefined, { signal: ac.signal }), ImageCancelledError);
    assert.equal((await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { id }))).digest, 'a'.repeat(64));
  });
});
