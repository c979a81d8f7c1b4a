import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_PAGES } from '../../../src/registries/pageWalk';
import { isRegistryError } from '../../../src/registries/registryError';
import { RegistryService } from '../../../src/registries/registryService';
import { RegistryTreeModel } from '../../../src/providers/registries/registryTreeModel';
import type { MessageNode, MoreNode, RepositoryNode } from '../../../src/providers/registries/registryTreeNodes';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { runCli, type LoopbackServer, LoopbackServers } from './loopbackServer';
import { captureLog, linkingRegistry, MapSecretStore, openRegistryPanel } from './registryFixture';

describe('hostile input: registry paging', function () {
  this.timeout(60_000);
  let t: TempCatalog;
  let captured: ReturnType<typeof captureLog>;
  let service: RegistryService;
  const servers = new LoopbackServers();
  const serve = (starting: Promise<LoopbackServer>): Promise<LoopbackServer> => servers.serve(starting);
  let dir: string;

  beforeEach(async () => {
    t = await openTempCatalog();
    captured = captureLog();
    service = new RegistryService({ catalog: async () => t.catalog, secrets: new MapSecretStore(), log: captured.log, timeoutMs: 5000 });
    dir = mkdtempSync(join(tmpdir(), 'cc-hostile-paging-'));
  });
  afterEach(async () => {
    service.dispose();
    await t.dispose();
    await servers.closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a Link rel="next" back to the page just read ends registries repos with a clear error instead of paging forever', async () => {
    const reg = await serve(linkingRegistry((url) => `${url.pathname}${url.search}`));
    const r = await runCli(['--catalog', join(dir, 'catalog.db'), 'registries', 'repos', reg.host], { timeoutMs: 20_000 });
    assert.equal(r.timedOut, false, `registries repos never ended (${reg.seen.length} requests)`);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /sent a next-page link back to a page of repositories already read \(\/v2\/_catalog\?n=100\) after 1 page; stopped listing there/);
    assert.equal(reg.seen.filter((s) => s.url.startsWith('/v2/_catalog')).length, 1);
  });

  it("a Link rel=\"next\" back to the page just read ends the registry panel's repository count with that error", async () => {
    const reg = await serve(linkingRegistry((url) => `${url.pathname}${url.search}`));
    const p = await openRegistryPanel(service, t.catalog, captured.log, reg.host);
    const live = await p.live();
    assert.equal(live.listing, 'error', JSON.stringify(live));
    assert.match(live.listing === 'error' ? live.message : '', /next-page link back to a page of repositories already read/);
    assert.equal(reg.seen.filter((s) => s.url.startsWith('/v2/_catalog')).length, 1);
  });

  it('a Link rel="next" back to the page just read ends the Registries tree\'s listing with a notice, not an endless "Load more"', async () => {
    const reg = await serve(linkingRegistry((url) => `${url.pathname}${url.search}`));
    const r = await service.add({ url: reg.host });
    const model = new RegistryTreeModel(service, captured.log);
    const node = (await model.children()).find((n) => n.type === 'registry' && n.registry.id === r.id);
    assert.ok(node);
    const children = await model.children(node);
    assert.deepEqual(children.map((c) => c.type), ['repository', 'message'], JSON.stringify(children));
    assert.match((children[1] as MessageNode).message, /next-page link back to a page of repositories already read/);
    assert.equal(reg.seen.filter((s) => s.url.startsWith('/v2/_catalog')).length, 1);
  });

  it('a Link cycle through two pages ends the tree\'s "Load more" at the first page it would show twice', async () => {
    const reg = await serve(linkingRegistry((url) => (url.searchParams.get('last') === 'b' ? '/v2/_catalog?last=a' : '/v2/_catalog?last=b')));
    const r = await service.add({ url: reg.host });
    const model = new RegistryTreeModel(service, captured.log);
    const node = (await model.children()).find((n) => n.type === 'registry' && n.registry.id === r.id);
    assert.ok(node);
    let children = await model.children(node);
    let clicks = 0;
    for (let more = children.find((c): c is MoreNode => c.type === 'more'); more && clicks < 10; more = children.find((c): c is MoreNode => c.type === 'more')) {
      await model.loadMore(more);
      children = await model.children(node);
      clicks++;
    }
    assert.equal(clicks, 2, 'two "Load more" clicks, then the listing ended');
    assert.deepEqual(children.filter((c) => c.type === 'repository').map((c) => (c as RepositoryNode).name), ['repo-first', 'repo-b', 'repo-a']);
    assert.match((children[children.length - 1] as MessageNode).message, /already read \(\/v2\/_catalog\?last=b\)/);
  });

  it('a Link cycle through two pages stops the listing at the first page read twice', async () => {
    const reg = await serve(linkingRegistry((url) => (url.searchParams.get('last') === 'b' ? '/v2/_catalog?last=a' : '/v2/_catalog?last=b')));
    const { client } = await service.browser.client((await service.add({ url: reg.host })).id);
    const got: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const repo of client.repositories({ pageSize: 100 })) got.push(repo);
      })(),
      (e: unknown) => isRegistryError(e, 'protocol') && /already read \(\/v2\/_catalog\?last=b\) after 3 pages/.test(e.message),
    );
    assert.deepEqual(got, ['repo-first', 'repo-b', 'repo-a'], 'what was read before the loop stays with the caller');
  });

  it(`a registry whose next links never end is stopped after ${MAX_PAGES} pages`, async function () {
    this.timeout(180_000);
    let n = 0;
    const reg = await serve(linkingRegistry(() => `/v2/_catalog?last=${++n}`));
    const { client } = await service.browser.client((await service.add({ url: reg.host })).id);
    let count = 0;
    await assert.rejects(
      (async () => {
        for await (const _ of client.repositories()) count++;
      })(),
      (e: unknown) => isRegistryError(e, 'protocol') && new RegExp(`still had a next page after ${MAX_PAGES} pages; stopped there`).test(e.message),
    );
    assert.equal(count, MAX_PAGES);
  });
});
