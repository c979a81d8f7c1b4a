import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { ImageSource } from '../../../src/entities/ImageSource';
import { LocalImage } from '../../../src/entities/LocalImage';
import { Registry } from '../../../src/entities/Registry';
import { upsertSources } from '../../../src/images/applyCatalog';
import { parseBuiltinList } from '../../../src/images/builtinCatalog';
import { downloadImageSource } from '../../../src/images/downloadImage';
import { normalizeRegistryUrl } from '../../../src/registries/registryUrl';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { registryPeer, type RegistryPeer } from '../registries/registryPeer';
import { pushRootfsImage, rootfsLayer } from './ociRootfsImage';
import { startPrivateRegistry, type PrivateRegistry } from './privateRegistry';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const listDir = (d: string): string[] => {
  try {
    return readdirSync(d).sort();
  } catch {
    return [];
  }
};

describe('images: docker-sourced root file systems (single-layer OCI images) from the registry peer', () => {
  let t: TempCatalog;
  let peer: RegistryPeer;
  // Registries of this suite's own (the peers' listings stay as other suites expect them).
  let anon: PrivateRegistry;
  let bearer: PrivateRegistry;
  let work: string;
  let images: string;
  const tag = `t${process.pid}-${Date.now().toString(36)}`;

  /** A Builtin row as Wsl-Manager's builtins.rootfs.json gives it (docker:// URL, Hash.Type docker). */
  const addBuiltin = async (name: string, url: string, digest?: string): Promise<string> => {
    const [row] = parseBuiltinList('test', [{ Name: name, Os: name, Release: '1', Url: url, Hash: { Type: 'docker' }, ...(digest ? { Digest: digest } : {}), Tags: [name] }]);
    return t.catalog.write(async (em) => {
      await upsertSources(em, [row], () => 'builtin:test');
      return (await em.findOneByOrFail(ImageSource, { name })).id;
    });
  };
  const nothingKept = async (): Promise<void> => {
    assert.deepEqual(listDir(images), [], 'no file and no partial is kept');
    assert.equal(await t.catalog.read((em) => em.count(LocalImage)), 0, 'and no local image row');
  };

  before(async () => {
    peer = registryPeer();
    anon = await startPrivateRegistry();
    bearer = await startPrivateRegistry({ tokenServer: peer.tokenServer });
  });
  after(async () => {
    await anon?.stop();
    await bearer?.stop();
  });
  beforeEach(async () => {
    t = await openTempCatalog();
    work = mkdtempSync(join(tmpdir(), 'cc-oci-rootfs-'));
    images = join(t.dir, 'images');
  });
  afterEach(async () => {
    await t.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('anonymous registry: manifest → the one layer, verified against the catalog\'s digest, stored like any local image', async () => {
    const layer = rootfsLayer(work, 'alpine', '3.22');
    const pushed = pushRootfsImage(join(work, 'oci'), anon.address, 'wsl/alpine-rootfs', tag, [layer]);
    const id = await addBuiltin('alpine', `docker://${anon.address}/wsl/alpine-rootfs#${tag}`, pushed.layers[0].toUpperCase());
    const progress: number[] = [];
    const r = await downloadImageSource(t.catalog, images, id, { onProgress: (p) => progress.push(p.received) });
    assert.equal(r.downloaded, true);
    assert.equal(r.file, join(images, `sha256_${pushed.layers[0]}.rootfs.tar.gz`));
    assert.ok(readFileSync(r.file).equals(layer), 'the file is the layer blob, byte for byte');
    assert.deepEqual(listDir(images), [`sha256_${pushed.layers[0]}.rootfs.tar.gz`]);
    assert.equal(progress.at(-1), layer.length);
    const l = await t.catalog.read((em) => em.findOneByOrFail(LocalImage, { id: r.localImage.id }));
    assert.deepEqual([l.state, l.digest, l.digestAlgorithm, l.digestSource, l.size, l.url, l.imageSourceId],
      ['Synced', pushed.layers[0], 'SHA256', 'docker', layer.length, `docker://${anon.address}/wsl/alpine-rootfs#${tag}`, id]);

    // A second download finds the verified file and does not fetch it again.
    const again = await downloadImageSource(t.catalog, images, id);
    assert.equal(again.downloaded, false);
    assert.equal(again.localImage.id, r.localImage.id);
  });

  it('Bearer registry, anonymous token: a row without a digest takes the layer digest from the manifest', async () => {
    const layer = rootfsLayer(work, 'debian', '13');
    const pushed = pushRootfsImage(join(work, 'oci'), bearer.address, 'wsl/debian-rootfs', tag, [layer], `${peer.user}:${peer.password}`);
    const before = (await (await fetch(`${peer.tokenServer}/stats`)).json()) as { requests: Array<{ user: string | null; scopes: string[] }> };
    const id = await addBuiltin('debian', `docker://${bearer.address}/wsl/debian-rootfs:${tag}`);
    const r = await downloadImageSource(t.catalog, images, id);
    assert.equal(sha256(readFileSync(r.file)), pushed.layers[0]);
    assert.equal(r.localImage.digest, pushed.layers[0]);
    const after = (await (await fetch(`${peer.tokenServer}/stats`)).json()) as typeof before;
    const mine = after.requests.slice(before.requests.length).filter((q) => q.scopes.includes('repository:wsl/debian-rootfs:pull'));
    assert.ok(mine.length >= 1 && mine.every((q) => q.user === null), `an anonymous token was asked for: ${JSON.stringify(mine)}`);
  });

  it('Bearer registry, a repository anonymous users may not pull: refused clearly; with the catalog registry\'s login it downloads', async () => {
    const layer = rootfsLayer(work, 'arch', '2025.12.01');
    const pushed = pushRootfsImage(join(work, 'oci'), bearer.address, peer.deniedRepo, tag, [layer], `${peer.user}:${peer.password}`);
    const id = await addBuiltin('arch', `docker://${bearer.address}/${peer.deniedRepo}#${tag}`, pushed.layers[0]);
    await assert.rejects(downloadImageSource(t.catalog, images, id), (e: Error) => {
      assert.match(e.message, new RegExp(`^docker://${bearer.address}/${peer.deniedRepo}#${tag}: .*(log in|denied|not allowed|unauthorized)`, 'i'));
      return true;
    });
    await nothingKept();
    const registryId = uuidv7();
    await t.catalog.write((em) => em.insert(Registry, { id: registryId, name: 'bearer', url: normalizeRegistryUrl(bearer.address).key, insecure: true, username: peer.user, loggedIn: true }));
    const r = await downloadImageSource(t.catalog, images, id, {
      credentialsFor: async (reg) => (reg.id === registryId ? { username: peer.user, password: peer.password } : undefined),
    });
    assert.ok(readFileSync(r.file).equals(layer));
  });

  it('a catalog digest that is not the registry\'s layer is refused before anything is fetched, with nothing kept', async () => {
    const layer = rootfsLayer(work, 'alpine', '3.21');
    pushRootfsImage(join(work, 'oci'), anon.address, 'wsl/wrong-digest', tag, [layer]);
    const wrong = sha256(Buffer.from('some other rootfs'));
    const id = await addBuiltin('wrong', `docker://${anon.address}/wsl/wrong-digest#${tag}`, wrong);
    await assert.rejects(downloadImageSource(t.catalog, images, id), new RegExp(`the registry's layer is sha256 ${sha256(layer)}, not the catalog's ${wrong}; nothing was downloaded`));
    await nothingKept();
  });

  it('a blob whose content is not its digest (the registry\'s storage damaged) is refused, its partial deleted', async () => {
    const layer = rootfsLayer(work, 'alpine', '3.20');
    const pushed = pushRootfsImage(join(work, 'oci'), anon.address, 'wsl/damaged', tag, [layer]);
    // The registry's storage (filesystem driver): same length, other bytes. distribution serves it as it is.
    const data = join(anon.storage, 'docker', 'registry', 'v2', 'blobs', 'sha256', pushed.layers[0].slice(0, 2), pushed.layers[0], 'data');
    const damaged = Buffer.from(layer);
    damaged[damaged.length - 100] ^= 0xff;
    writeFileSync(data, damaged);
    const id = await addBuiltin('damaged', `docker://${anon.address}/wsl/damaged#${tag}`, pushed.layers[0]);
    await assert.rejects(downloadImageSource(t.catalog, images, id), new RegExp(`digest mismatch: expected sha256 ${pushed.layers[0]}, got ${sha256(damaged)}; the downloaded file was deleted`));
    await nothingKept();
  });

  it('an image of two layers is refused: a root file system is published as one', async () => {
    const pushed = pushRootfsImage(join(work, 'oci'), anon.address, 'wsl/two-layers', tag, [rootfsLayer(work, 'a', '1', 1000), rootfsLayer(work, 'b', '2', 1000)]);
    assert.equal(pushed.layers.length, 2);
    const id = await addBuiltin('two', `docker://${anon.address}/wsl/two-layers#${tag}`);
    await assert.rejects(downloadImageSource(t.catalog, images, id), /the image has 2 layers; a root file system is published as an image of exactly one layer/);
    await nothingKept();
  });

  it('a tag the registry does not have names the image and says so', async () => {
    const id = await addBuiltin('missing', `docker://${anon.address}/wsl/none#nope`);
    await assert.rejects(downloadImageSource(t.catalog, images, id), new RegExp(`: docker://${anon.address}/wsl/none#nope: Tag or digest nope not found in wsl/none`));
    await nothingKept();
  });
});
