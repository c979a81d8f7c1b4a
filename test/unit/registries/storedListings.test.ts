import * as assert from 'node:assert/strict';
import type { Logger } from '../../../src/shared/logger';
import type { SecretStore } from '../../../src/shared/secrets';
import { RegistryService } from '../../../src/registries/registryService';
import { REPOSITORIES } from '../../../src/registries/storedListings';
import { RegistryTreeModel } from '../../../src/providers/registries/registryTreeModel';
import type { MessageNode, RegistryNode, RegistryTreeNode, RepositoryNode, TagNode } from '../../../src/providers/registries/registryTreeNodes';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { registryPeer, type RegistryPeer } from './registryPeer';
import { tcpRelay as relay } from '../../support/tcpRelay';

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const secrets = (m = new Map<string, string>()): SecretStore => ({ get: async (k) => m.get(k), store: async (k, v) => void m.set(k, v), delete: async (k) => void m.delete(k) });

describe('registries: listings kept in the catalog (offline, shown at once)', () => {
  let peer: RegistryPeer;
  let t: TempCatalog;
  let service: RegistryService;

  before(() => {
    peer = registryPeer();
  });
  beforeEach(async () => {
    t = await openTempCatalog();
    service = new RegistryService({ catalog: async () => t.catalog, secrets: secrets(), log: quiet, timeoutMs: 5_000 });
  });
  afterEach(async () => {
    service.dispose();
    await t.dispose();
  });

  const registryNode = async (model: RegistryTreeModel, url: string) => {
    const n = (await model.children()).find((x): x is RegistryNode => x.type === 'registry' && x.registry.url === url);
    assert.ok(n, `no node for ${url}`);
    return n;
  };
  /** Resolves with the next node whose children the model replaced on its own. */
  const nextUpdate = (model: RegistryTreeModel) =>
    new Promise<string>((resolve) => {
      const sub = model.onDidUpdate((id) => {
        sub.dispose();
        resolve(id);
      });
    });
  /** The store is written after the view has its nodes; wait until it holds what the view read. */
  const stored = async (registryId: string, scope: string, count: number) => {
    for (let i = 0; i < 200; i++) {
      const s = await service.browser.storedListing(registryId, scope);
      if (s && s.items.length === count) return s;
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.fail(`the listing ${JSON.stringify(scope)} of ${registryId} was not stored`);
  };
  const names = (nodes: readonly RegistryTreeNode[]) => nodes.filter((n): n is RepositoryNode => n.type === 'repository').map((n) => n.name);

  it('shows a listing read before at once, from the catalog, and replaces it with the registry\'s answer', async () => {
    const r = await service.add({ url: peer.anon });
    const first = new RegistryTreeModel(service, quiet);
    const live = await first.children(await registryNode(first, peer.anon));
    assert.equal(live[0].type, 'repository', 'read live the first time: no note');
    await stored(r.id, REPOSITORIES, peer.repos.length);

    // A new window: the stored listing comes first, under a note saying how old it is.
    const second = new RegistryTreeModel(service, quiet);
    const reg = await registryNode(second, peer.anon);
    const updated = nextUpdate(second);
    const shown = await second.children(reg);
    const note = shown[0] as MessageNode;
    assert.equal(note.type, 'message');
    assert.equal(note.stored?.refreshing, true);
    assert.deepEqual(names(shown), names(live));
    assert.equal(await updated, reg.id, 'the registry node is the one redrawn');
    const refreshed = await second.children(reg);
    assert.equal(refreshed[0].type, 'repository', 'the note is gone once the registry answered');
    assert.deepEqual(names(refreshed), names(live));
  });

  it('keeps the stored repositories and tags when the registry cannot be reached, says so, and comes back with it', async () => {
    let front = await relay(peer.anon);
    let closed = false;
    try {
      const r = await service.add({ url: front.host });
      const online = new RegistryTreeModel(service, quiet);
      const reg = await registryNode(online, front.host);
      await online.children(reg);
      const repo = { type: 'repository', id: `${r.id}/repo/${peer.tagsRepo}`, registryId: r.id, referenceHost: front.host, name: peer.tagsRepo, tracked: false } as const;
      const liveTags = (await online.children(repo)) as TagNode[];
      await stored(r.id, REPOSITORIES, peer.repos.length);
      await stored(r.id, peer.tagsRepo, liveTags.length);

      await front.close();
      closed = true;
      const offline = new RegistryTreeModel(service, quiet);
      const regOffline = await registryNode(offline, front.host);
      const updated = nextUpdate(offline);
      await offline.children(regOffline);
      await updated;
      const repos = await offline.children(regOffline);
      const note = repos[0] as MessageNode;
      assert.equal(note.stored?.refreshing, false);
      assert.equal(note.severity, 'info');
      // Refused, or reset when a kept-alive connection of the earlier window is reused: both mean offline.
      assert.ok(note.kind === 'connectionRefused' || note.kind === 'network', String(note.kind));
      assert.match(note.message, /^Offline: showing what was read \d{4}-\d\d-\d\dT/);
      assert.deepEqual(names(repos), [...peer.repos].sort());

      const tagsUpdated = nextUpdate(offline);
      await offline.children(repo);
      assert.equal(await tagsUpdated, repo.id);
      const tags = (await offline.children(repo)).filter((n): n is TagNode => n.type === 'tag');
      assert.deepEqual(tags.map((x) => x.tag), liveTags.map((x) => x.tag), 'in the same order');
      for (const tag of tags) assert.equal(tag.digest, peer.digests[`${peer.tagsRepo}:${tag.tag}`], tag.tag);
      assert.equal(tags.find((x) => x.tag === '1.0')?.created?.toISOString(), '2024-01-10T08:00:00.000Z');

      // The host is back: a refresh shows the registry's answer, and the note is gone.
      front = await relay(peer.anon, Number(front.host.split(':')[1]));
      closed = false;
      offline.invalidate(regOffline.id);
      const back = nextUpdate(offline);
      await offline.children(regOffline);
      await back;
      const fresh = await offline.children(regOffline);
      assert.equal(fresh[0].type, 'repository', JSON.stringify(fresh[0]));
      assert.deepEqual(names(fresh), [...peer.repos].sort());
    } finally {
      if (!closed) await front.close();
    }
  });

  it('writes nothing when a listing read again is the same, and forgets it when the registry moves', async () => {
    const r = await service.add({ url: peer.anon });
    const items = [{ name: 'a/b' }, { name: 'c/d' }];
    assert.equal(await service.browser.storeListing(r.id, REPOSITORIES, { items }), true);
    let writes = 0;
    const sub = t.catalog.onDidChange(() => writes++);
    try {
      assert.equal(await service.browser.storeListing(r.id, REPOSITORIES, { items }), false);
      assert.equal(writes, 0, 'an unchanged listing costs no write');
      assert.equal(await service.browser.storeListing(r.id, REPOSITORIES, { items: [{ name: 'e/f' }], next: 'cursor-2' }, true), true);
      assert.deepEqual((await service.browser.storedListing(r.id, REPOSITORIES))?.items.map((i) => i.name), ['a/b', 'c/d', 'e/f'], 'a further page is appended');
    } finally {
      sub.dispose();
    }
    await service.update(r.id, { url: peer.bearer });
    assert.equal(await service.browser.storedListing(r.id, REPOSITORIES), undefined, 'another address is another server');
    await service.browser.storeListing(r.id, REPOSITORIES, { items });
    await service.remove(r.id);
    const left = await t.catalog.read((em) => em.query('SELECT COUNT(*) AS n FROM registry_listing_item'));
    assert.equal(Number(left[0].n), 0, 'removed with its registry');
  });
});
