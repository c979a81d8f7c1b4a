import * as assert from 'node:assert/strict';
import { isRegistryError } from '../../../src/registries/registryError';
import { RegistryService } from '../../../src/registries/registryService';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { captureLog, MapSecretStore } from './registryFixture';

describe('hostile input: registry addresses', () => {
  let t: TempCatalog;
  let service: RegistryService;

  beforeEach(async () => {
    t = await openTempCatalog();
    service = new RegistryService({ catalog: async () => t.catalog, secrets: new MapSecretStore(), log: captureLog().log, timeoutMs: 5000 });
  });
  afterEach(async () => {
    service.dispose();
    await t.dispose();
  });

  it('an IPv4 address spelled 0177.0.0.1, 2130706433, 0x7f.1 or 127.1 is the same registry as 127.0.0.1', async () => {
    await service.add({ url: '127.0.0.1:5000' });
    for (const alias of ['0177.0.0.1:5000', '2130706433:5000', '0x7f.1:5000', '127.1:5000', 'http://0x7F000001:5000/']) {
      await assert.rejects(service.add({ url: alias }), (e: unknown) => isRegistryError(e, 'duplicate') && /127\.0\.0\.1:5000 is already added/.test(e.message), alias);
      assert.equal((await service.find(alias))?.url, '127.0.0.1:5000', alias);
    }
    assert.equal((await service.list()).filter((r) => r.url.includes(':5000')).length, 1);
  });
});
