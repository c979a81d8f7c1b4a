import * as assert from 'node:assert/strict';
import { v7 } from 'uuid';

describe('toolchain', () => {
  it('loads uuid v7 from transpiled tests', () => {
    assert.match(v7(), /^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });
});
