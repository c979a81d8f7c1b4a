import * as assert from 'node:assert/strict';
import type { Logger } from '../../../src/shared/logger';
import type { SecretStore } from '../../../src/shared/secrets';
import { registryChangeKey } from '../../../src/registries/registryChangeKey';
import { RegistryService } from '../../../src/registries/registryService';
import { RegistryTreeModel } from '../../../src/providers/registries/registryTreeModel';
import type { MessageNode, MoreNode, RegistryNode, RegistryTreeNode, RepositoryNode, TagNode } from '../../../src/providers/registries/registryTreeNodes';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { registryPeer, type RegistryPeer } from './registryPeer';

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const secrets = (m = new Map<string, string>()): SecretStore => ({ get: async (k) => m.get(k), store: async (k, v) => void m.set(k, v), delete: async (k) => void m.delete(k) });

describe('registries: tree model over real registries', () => {
  let peer: RegistryPeer;
  let t: TempCatalog;
  let service: RegistryService;
  let model: RegistryTreeModel;

  const registryNode = async (url: string) => {
    const nodes = await model.children();
    const n = nodes.find((x): x is RegistryNode => x.type === 'registry' && x.registry.url === url);
    assert.ok(n, `no node for ${url} in ${JSON.stringify(nodes.map((x) => x.id))}`);
    return n;
  };

  before(() => {
    peer = registryPeer();
  });
  beforeEach(async () => {
    t = await openTempCatalog();
    service = new RegistryService({ catalog: async () => t.catalog, secrets: secrets(), log: quiet, timeoutMs: 5_000 });
    model = new RegistryTreeModel(service, quiet, { repositoryPageSize: 2 });
  });
  afterEach(async () => {
    service.dispose();
    await t.dispose();
  });

  it('lists repositories page by page through "Load more" nodes, with stable ids', async () => {
    await service.add({ url: peer.anon, name: 'Anonymous' });
    const reg = await registryNode(peer.anon);
    assert.equal(reg.id, reg.registry.id);
    let children = await model.children(reg);
    assert.equal(children.filter((c) => c.type === 'repository').length, 2);
    let loads = 0;
    for (let more = children.find((c): c is MoreNode => c.type === 'more'); more; more = children.find((c): c is MoreNode => c.type === 'more')) {
      assert.equal(await model.loadMore(more), reg.id);
      children = await model.children(reg);
      loads++;
    }
    assert.ok(loads >= 3);
    assert.deepEqual(children.map((c) => (c as RepositoryNode).name), [...peer.repos].sort());
    // Cached: the same nodes come back without asking the registry again.
    assert.equal(await model.children(reg), children);
  });

  it('shows tags newest first with their digests, and an empty repository as a notice', async () => {
    await service.add({ url: peer.anon });
    const reg = await registryNode(peer.anon);
    const repoNode: RepositoryNode = { type: 'repository', id: `${reg.registry.id}/repo/${peer.tagsRepo}`, registryId: reg.registry.id, referenceHost: peer.anon, name: peer.tagsRepo, tracked: false };
    const tags = (await model.children(repoNode)) as TagNode[];
    assert.deepEqual(tags.map((x) => x.tag), ['latest', '1.2', 'docker-1.2', '1.1', '1.0', '1.10']);
    for (const tag of tags) assert.equal(tag.digest, peer.digests[`${peer.tagsRepo}:${tag.tag}`], tag.tag);
    assert.equal(tags.find((x) => x.tag === '1.0')?.created?.toISOString(), '2024-01-10T08:00:00.000Z');

    const empty = await model.children({ ...repoNode, id: `${reg.registry.id}/repo/${peer.emptyRepo}`, name: peer.emptyRepo });
    assert.equal(empty.length, 1);
    assert.equal(empty[0].type, 'message');
    assert.match((empty[0] as MessageNode).message, /No tags/);
  });

  it('turns a refused _catalog into a notice and still shows tracked repositories', async () => {
    const r = await service.add({ url: peer.bearer });
    await service.browser.track(r.id, 'team/gamma');
    const children = await model.children(await registryNode(peer.bearer));
    assert.equal(children[0].type, 'message');
    assert.equal((children[0] as MessageNode).kind, 'catalogNotAllowed');
    assert.equal((children[0] as MessageNode).severity, 'info');
    const tracked = children.slice(1) as RepositoryNode[];
    assert.deepEqual(tracked.map((c) => [c.name, c.tracked]), [['team/gamma', true]]);
    const tags = (await model.children(tracked[0])) as TagNode[];
    assert.deepEqual(tags.map((x) => [x.tag, x.digest]), [['1.1', peer.digests['team/gamma:1.1']]]);
  });

  it('never throws: an unreachable registry or a denied repository becomes an error node', async () => {
    await service.add({ url: peer.down });
    const down = await model.children(await registryNode(peer.down));
    assert.equal(down.length, 1);
    assert.equal((down[0] as MessageNode).severity, 'error');
    assert.equal((down[0] as MessageNode).kind, 'connectionRefused');

    const r = await service.add({ url: peer.bearer });
    const denied: RegistryTreeNode = { type: 'repository', id: `${r.id}/repo/${peer.deniedRepo}`, registryId: r.id, referenceHost: peer.bearer, name: peer.deniedRepo, tracked: true };
    const children = await model.children(denied);
    assert.equal((children[0] as MessageNode).kind, 'forbidden');
    assert.match((children[0] as MessageNode).message, /No permission to list the tags of restricted\/app/);
  });

  it('re-reads a registry whose settings changed elsewhere (another window, the CLI)', async () => {
    const r = await service.add({ url: peer.basic });
    const before = await model.children(await registryNode(peer.basic));
    assert.equal((before[0] as MessageNode).kind, 'catalogNotAllowed');
    await service.login(r.id, peer.user, peer.password);
    model.invalidate(); // what the view does on a catalog change: only the registry list is re-read…
    const after = await model.children(await registryNode(peer.basic));
    // …and the changed login made the registry's own children stale, so they were fetched again.
    assert.deepEqual(after.filter((c) => c.type === 'repository').length, 2);
  });

  it('says which registry a write changed, so the view can redraw that node alone', async () => {
    const seen: (readonly string[] | undefined)[] = [];
    const sub = t.catalog.onDidChange((e) => seen.push(e.touched));
    try {
      const r = await service.add({ url: peer.basic, name: 'Basic' });
      await service.update(r.id, { insecure: false, caFile: null });
      await service.verify(r.id);
      await service.login(r.id, peer.user, peer.password);
      await service.browser.track(r.id, 'team/delta');
      await service.browser.untrack(r.id, 'team/delta');
      await service.logout(r.id);
      await service.remove(r.id);
      const row = registryChangeKey.row(r.id);
      const listing = registryChangeKey.listing(r.id);
      assert.deepEqual(seen, [
        undefined, // added: the list changes
        [row], // edited
        [row], // checked
        [row, listing], // logged in: listed with the new login
        [row, listing], // tracked
        [row, listing], // untracked
        [row], // logged out (the login state is part of the row; the view re-lists on it)
        undefined, // removed: the list changes
      ]);
      assert.deepEqual(registryChangeKey.parse(listing), { registryId: r.id, listing: true, stored: false });
      assert.deepEqual(registryChangeKey.parse(row), { registryId: r.id, listing: false, stored: false });
      assert.deepEqual(registryChangeKey.parse(registryChangeKey.stored(r.id)), { registryId: r.id, listing: false, stored: true });
      assert.equal(registryChangeKey.parse('container:1/web'), undefined);
    } finally {
      sub.dispose();
    }
  });

  it('reloads one registry node in place, keeping its listing unless its connection or login changed', async () => {
    const r = await service.add({ url: peer.anon, name: 'Anonymous' });
    const listing = await model.children(await registryNode(peer.anon));
    // A check changes only the row: a fresh node, the same cached listing, nothing asked again.
    await service.verify(r.id);
    const fresh = await model.reloadRegistry(r.id);
    assert.ok(fresh?.registry.verifiedAt);
    assert.equal((await model.children()).find((n) => n.id === r.id), fresh, 'the cached list holds the fresh node');
    assert.equal(await model.children(fresh), listing, 'the listing was kept');
    // A new address is a new connection: its listing is read again.
    await service.update(r.id, { url: peer.bearer });
    const moved = await model.reloadRegistry(r.id);
    assert.ok(moved);
    const relisted = await model.children(moved);
    assert.notEqual(relisted, listing, 'the listing was read again');
    assert.equal((relisted[0] as MessageNode).kind, 'catalogNotAllowed');
    // Renamed: the sorted list may reorder, so the caller re-reads the list (undefined); gone: the same.
    await service.update(r.id, { name: 'Zzz renamed' });
    assert.equal(await model.reloadRegistry(r.id), undefined);
    await model.children();
    await service.remove(r.id);
    assert.equal(await model.reloadRegistry(r.id), undefined);
  });

  it('deletes the saved login of a registry removed elsewhere (the CLI cannot reach SecretStorage)', async () => {
    const store = new Map<string, string>();
    const windowService = new RegistryService({ catalog: async () => t.catalog, secrets: secrets(store), log: quiet, timeoutMs: 5_000 });
    const windowModel = new RegistryTreeModel(windowService, quiet);
    const r = await windowService.add({ url: peer.basic });
    await windowService.login(r.id, peer.user, peer.password);
    assert.ok((await windowModel.children()).some((n) => n.id === r.id));
    assert.equal(store.size, 1);
    // Another process removes it, with no access to this window's secrets.
    await service.remove(r.id);
    windowModel.invalidate();
    assert.ok(!(await windowModel.children()).some((n) => n.id === r.id));
    for (let i = 0; i < 50 && store.size; i++) await new Promise((res) => setTimeout(res, 10));
    assert.equal(store.size, 0);
    windowService.dispose();
  });
});
