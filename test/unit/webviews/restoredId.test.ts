import * as assert from 'node:assert/strict';
import { OBJECT_LIMITS } from '../../../src/containers/objectRules';
import { OBJECT_ID_MAX } from '../../../src/webviews/engineObjectId';
import { restoredId } from '../../../src/webviews/restoredId';

describe('panel restore: the saved state', () => {
  it('yields the object id and ignores the page\'s own fields', () => {
    assert.equal(restoredId({ id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }), '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    assert.equal(restoredId({ id: '2/ct-web', draft: { key: 'x' }, draftVersion: 'ab', tab: 'Config' }), '2/ct-web');
    // A volume snapshot with the longest names an engine object may have (the shared name limit each).
    const n = OBJECT_LIMITS.name;
    const volume = `2/${'p'.repeat(n)}/custom/${'v'.repeat(n)}/${'ü'.repeat(n)}`;
    assert.equal(restoredId({ id: volume }), volume);
  });
  it('refuses states without a well-formed id', () => {
    for (const s of [undefined, null, 'id', ['2/x'], {}, { id: 7 }, { id: '' }, { id: '../etc/passwd' }, { id: 'a b' }, { id: 'x'.repeat(OBJECT_ID_MAX + 1) }, { id: 'a\u0000b' }]) {
      assert.throws(() => restoredId(s), Error, JSON.stringify(s));
    }
  });
});
