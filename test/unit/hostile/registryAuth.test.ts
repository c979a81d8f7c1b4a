import * as assert from 'node:assert/strict';
import { isRegistryError } from '../../../src/registries/registryError';
import { RegistryService } from '../../../src/registries/registryService';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { loopbackServer, sendJson, type LoopbackServer, LoopbackServers } from './loopbackServer';
import { captureLog, MapSecretStore } from './registryFixture';

const PASSWORD = 'hunter2-S3cret';

describe('hostile input: registry auth', function () {
  this.timeout(60_000);
  let t: TempCatalog;
  let service: RegistryService;
  const servers = new LoopbackServers();
  const serve = (starting: Promise<LoopbackServer>): Promise<LoopbackServer> => servers.serve(starting);

  beforeEach(async () => {
    t = await openTempCatalog();
    service = new RegistryService({ catalog: async () => t.catalog, secrets: new MapSecretStore(), log: captureLog().log, timeoutMs: 5000 });
  });
  afterEach(async () => {
    service.dispose();
    await t.dispose();
    await servers.closeAll();
  });

  it('a Bearer token service on another host over plain http is never sent the password', async () => {
    const tokens = await serve(loopbackServer((_req, res) => sendJson(res, 200, { token: 'tok', expires_in: 300 }), '127.0.0.2'));
    const reg = await serve(loopbackServer((req, res) => {
      if (req.headers.authorization === 'Bearer tok') return sendJson(res, 200, {});
      sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, { 'www-authenticate': `Bearer realm="http://${tokens.host}/token",service="reg"` });
    }));
    const r = await service.add({ url: reg.host });
    await assert.rejects(service.login(r.id, 'alice', PASSWORD), (e: unknown) => isRegistryError(e) && /token service of .* \(http:\/\/127\.0\.0\.2:\d+\) is plain http on another host; your credentials were not sent/.test(e.message));
    assert.deepEqual(tokens.seen.filter((s) => s.authorization !== undefined), [], 'credentials reached the other host');
    assert.equal((await service.get(r.id)).loggedIn, false);
    // Anonymous browsing may still use that token service: it gets no credentials to leak.
    const page = await service.browser.repositoriesPage(r.id, undefined);
    assert.deepEqual({ items: page.items, next: page.next }, { items: [], next: undefined });
    assert.equal(tokens.seen.length, 1);
  });
});
