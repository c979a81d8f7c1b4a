import * as assert from 'node:assert/strict';
import { lazyAsync } from '../../../src/shared/lazyAsync';

describe('lazyAsync', () => {
  it('creates nothing until first use, then shares one creation between concurrent callers', async () => {
    let created = 0;
    const lazy = lazyAsync(async () => ({ n: ++created }));
    assert.equal(created, 0);
    assert.equal(lazy.peek(), undefined);
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    assert.equal(created, 1);
    assert.equal(a, b);
    assert.equal(lazy.peek(), a);
    assert.equal(await lazy.get(), a);
  });

  it('does not cache a failure: the next call retries', async () => {
    let attempts = 0;
    const lazy = lazyAsync(async () => {
      if (++attempts === 1) throw new Error('catalog locked');
      return 'open';
    });
    await assert.rejects(lazy.get(), /catalog locked/);
    assert.equal(lazy.peek(), undefined);
    assert.equal(await lazy.get(), 'open');
    assert.equal(attempts, 2);
  });
});
