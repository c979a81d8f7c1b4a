import * as assert from 'node:assert/strict';
import { validateRegistryMessage } from '../../../src/webviews/registry/validateRegistryMessage';

const version = 'a'.repeat(32);
const save = { type: 'save', requestId: 7, version, name: 'Local', url: '127.0.0.1:5100', insecure: false, caFile: '' };

describe('registry panel: page message validator', () => {
  it('accepts every message the page sends', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'reload' },
      save,
      { type: 'login', requestId: 1 },
      { type: 'logout', requestId: 2 },
      { type: 'verify', requestId: 3 },
      { type: 'track', requestId: 4, repository: 'library/alpine' },
      { type: 'untrack', requestId: 5, repository: 'team/app-server_v2.1' },
    ];
    for (const m of good) assert.deepEqual(validateRegistryMessage(m), { ok: true, message: m }, JSON.stringify(m));
  });

  it('refuses unknown commands, including ones named like extension commands', () => {
    for (const type of ['delete', 'remove', 'eval', 'executeCommand', 'containerCatalog.registries.remove', 'SAVE', ' save', 'reply', 'snapshot']) {
      assert.equal(validateRegistryMessage({ type, requestId: 1 }).ok, false, type);
    }
  });

  it('refuses wrong types in every field of save', () => {
    const wrong: Record<string, unknown[]> = {
      requestId: ['7', 0, -1, 1.5, null, NaN, 2 ** 53],
      version: [1, '', 'XYZ', 'g'.repeat(32), 'a'.repeat(65), null],
      name: [1, null, ['x'], { toString: 'x' }, 'a\u0000b', 'x'.repeat(201)],
      url: [false, null, 'x'.repeat(2049), 'http://a\r\nHost: evil'],
      insecure: ['true', 1, null],
      caFile: [null, 0, 'x'.repeat(4097)],
    };
    for (const [field, values] of Object.entries(wrong)) {
      for (const value of values) {
        const r = validateRegistryMessage({ ...save, [field]: value });
        assert.equal(r.ok, false, `${field}=${JSON.stringify(value)?.slice(0, 40)}`);
      }
    }
  });

  it('refuses missing and extra fields (the password never travels through the page)', () => {
    for (const key of Object.keys(save)) {
      const m: Record<string, unknown> = { ...save };
      delete m[key];
      assert.equal(validateRegistryMessage(m).ok, false, `without ${key}`);
    }
    assert.equal(validateRegistryMessage({ type: 'login', requestId: 1, password: 'hunter2' }).ok, false);
    assert.equal(validateRegistryMessage({ ...save, id: 'other-registry' }).ok, false);
  });

  it('leaves the repository grammar to the service (an inline error), but refuses oversized or control characters', () => {
    assert.equal(validateRegistryMessage({ type: 'track', requestId: 1, repository: 'Upper/Case' }).ok, true);
    for (const repository of ['x'.repeat(256), 'a\u0000b', 'a\nb', 7, null]) {
      assert.equal(validateRegistryMessage({ type: 'track', requestId: 1, repository }).ok, false, String(repository));
    }
  });

  it('refuses huge payloads without walking them all', () => {
    assert.equal(validateRegistryMessage({ ...save, name: 'x'.repeat(50 * 1024 * 1024) }).ok, false);
    assert.equal(validateRegistryMessage({ ...save, junk: new Array(2 ** 31 - 1) }).ok, false);
    const wide: Record<string, unknown> = { type: 'ready' };
    for (let i = 0; i < 100_000; i++) wide[`k${i}`] = i;
    assert.equal(validateRegistryMessage(wide).ok, false);
  });

  it('refuses non-object messages', () => {
    for (const m of [null, undefined, 'ready', 42, ['ready'], new Map([['type', 'ready']])]) {
      assert.equal(validateRegistryMessage(m).ok, false);
    }
  });
});
