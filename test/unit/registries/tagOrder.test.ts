import * as assert from 'node:assert/strict';
import { relativeTime } from '../../../src/providers/registries/relativeTime';
import { orderTags } from '../../../src/registries/tagOrder';

describe('registries: tag order and times', () => {
  it('orders by version when dates are not all known: 1.10 above 1.9, latest on top', () => {
    const tags = ['1.9', '1.10', 'latest', '1.2.1', '1.2', 'edge', '2.0-rc1', '2.0', 'v3'].map((tag) => ({ tag }));
    assert.deepEqual(orderTags(tags).map((t) => t.tag), ['latest', '2.0', '2.0-rc1', '1.10', '1.9', '1.2.1', '1.2', 'v3', 'edge']);
  });

  it('orders newest first when every tag has a date, ties by version', () => {
    const d = (s: string) => new Date(s);
    const tags = [
      { tag: '1.10', created: d('2023-05-01') },
      { tag: '1.0', created: d('2024-01-10') },
      { tag: '1.2', created: d('2025-02-01') },
      { tag: 'latest', created: d('2025-02-01') },
      { tag: '1.1', created: d('2024-06-10') },
    ];
    assert.deepEqual(orderTags(tags).map((t) => t.tag), ['latest', '1.2', '1.1', '1.0', '1.10']);
    assert.deepEqual(orderTags([...tags, { tag: '0.9' }]).map((t) => t.tag), ['latest', '1.10', '1.2', '1.1', '1.0', '0.9']);
  });

  it('says how long ago, briefly', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    assert.equal(relativeTime(new Date('2026-01-01T11:59:50Z'), now), 'just now');
    assert.equal(relativeTime(new Date('2026-01-01T11:55:00Z'), now), '5 min ago');
    assert.equal(relativeTime(new Date('2026-01-01T09:00:00Z'), now), '3 h ago');
    assert.equal(relativeTime(new Date('2025-12-29T12:00:00Z'), now), '3 days ago');
  });
});
