import * as assert from 'node:assert/strict';
import { array, bool, checkBounds, int, literal, messageUnion, nullable, object, oneOf, optional, record, str, ValidationError } from '../../../src/webviews/validate';

const throwsValidation = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof ValidationError && pattern.test(e.message));

describe('webview message validators', () => {
  describe('str', () => {
    const s = str({ max: 5, min: 1 });
    it('accepts strings within bounds', () => assert.equal(s('abc', 'f'), 'abc'));
    it('refuses non-strings', () => {
      for (const v of [1, true, null, undefined, {}, [], ['a'], new String('a'), Symbol.iterator]) throwsValidation(() => s(v, 'f'), /f: expected a string/);
    });
    it('refuses too long and empty', () => {
      throwsValidation(() => s('abcdef', 'f'), /longer than 5/);
      throwsValidation(() => s('', 'f'), /must not be empty/);
    });
    it('refuses control characters, allows newlines only when multiline', () => {
      throwsValidation(() => s('a\u0000b', 'f'), /control characters/);
      throwsValidation(() => s('a\nb', 'f'), /control characters/);
      throwsValidation(() => s('a\u009bb', 'f'), /control characters/);
      assert.equal(str({ max: 10, multiline: true })('a\nb\tc', 'f'), 'a\nb\tc');
      throwsValidation(() => str({ max: 10, multiline: true })('a\u001bb', 'f'), /control characters/);
    });
    it('applies the pattern with its hint', () => {
      throwsValidation(() => str({ max: 9, pattern: /^[a-z]+$/, patternHint: 'lowercase only' })('ABC', 'f'), /f: lowercase only/);
    });
  });

  describe('int, bool, literal, oneOf, nullable', () => {
    it('int refuses fractions, NaN, Infinity, numeric strings and out-of-range values', () => {
      const i = int(1, 10);
      assert.equal(i(3, 'n'), 3);
      for (const v of [1.5, NaN, Infinity, -Infinity, '3', 0, 11, 2 ** 60, null]) assert.throws(() => i(v, 'n'), ValidationError);
    });
    it('bool accepts only true and false', () => {
      assert.equal(bool(false, 'b'), false);
      for (const v of [0, 1, 'true', null, undefined, {}]) assert.throws(() => bool(v, 'b'), ValidationError);
    });
    it('literal and oneOf compare exactly', () => {
      assert.equal(literal('save')('save', 't'), 'save');
      assert.throws(() => literal('save')('Save', 't'), ValidationError);
      assert.equal(oneOf(['a', 'b'])('b', 'x'), 'b');
      assert.throws(() => oneOf(['a', 'b'])('toString', 'x'), ValidationError);
    });
    it('nullable passes null and checks anything else', () => {
      assert.equal(nullable(str({ max: 3 }))(null, 'x'), null);
      assert.throws(() => nullable(str({ max: 3 }))(undefined, 'x'), ValidationError);
    });
  });

  describe('object', () => {
    const o = object({ a: str({ max: 3 }), b: optional(int(0, 9)) });
    it('returns a fresh object with only the known keys', () => {
      const input = { a: 'x', b: 2 };
      const out = o(input, '');
      assert.deepEqual(out, { a: 'x', b: 2 });
      assert.notEqual(out, input);
    });
    it('allows optional keys to be absent', () => assert.deepEqual(o({ a: 'x' }, ''), { a: 'x' }));
    it('refuses missing required keys', () => throwsValidation(() => o({ b: 1 }, ''), /a: is missing/));
    it('refuses unknown keys instead of dropping them', () => throwsValidation(() => o({ a: 'x', c: 1 }, ''), /unknown field "c"/));
    it('refuses an own __proto__ key and constructor tricks', () => {
      throwsValidation(() => o(JSON.parse('{"a":"x","__proto__":{"polluted":true}}'), ''), /unknown field "__proto__"/);
      throwsValidation(() => o({ a: 'x', constructor: { prototype: {} } }, ''), /unknown field "constructor"/);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
    it('refuses arrays, class instances, Maps and Dates', () => {
      for (const v of [[], new Map([['a', 'x']]), new Date(), new (class { a = 'x'; })(), null, 'a']) throwsValidation(() => o(v, ''), /expected an object/);
    });
    it('accepts a null-prototype object (structured clone can make none, but a plain shape is fine)', () => {
      const v = Object.assign(Object.create(null) as object, { a: 'x' });
      assert.deepEqual({ ...o(v, '') }, { a: 'x' });
    });
    it('names the nested path in errors', () => {
      throwsValidation(() => object({ inner: object({ x: int(0, 1) }) })({ inner: { x: 5 } }, ''), /inner\.x: must be between/);
    });
  });

  describe('array and record', () => {
    it('array bounds the length and checks each item, holes included', () => {
      const a = array(str({ max: 3 }), 3);
      assert.deepEqual(a(['a', 'b'], 'l'), ['a', 'b']);
      throwsValidation(() => a(['a', 'b', 'c', 'd'], 'l'), /more than 3 items/);
      throwsValidation(() => a(['a', 1], 'l'), /l\[1\]: expected a string/);
      throwsValidation(() => a(['a', , 'c'], 'l'), /l\[1\]/);
      throwsValidation(() => a({ length: 1, 0: 'a' }, 'l'), /expected a list/);
    });
    it('record bounds keys, validates keys and values, and keeps "__proto__" as a plain key', () => {
      const r = record(str({ max: 20, pattern: /^[a-z_.]+$/ }), str({ max: 5 }), 2);
      const out = r(JSON.parse('{"__proto__":"x"}'), 'c');
      assert.equal(Object.getPrototypeOf(out), null);
      assert.equal(out['__proto__'], 'x');
      throwsValidation(() => r({ a: 'x', b: 'y', c: 'z' }, 'c'), /more than 2 entries/);
      throwsValidation(() => r({ 'A!': 'x' }, 'c'), /does not match/);
      throwsValidation(() => r({ a: 7 }, 'c'), /expected a string/);
    });
  });

  describe('checkBounds', () => {
    it('refuses huge strings and many keys before any shape check', () => {
      throwsValidation(() => checkBounds({ type: 'x', s: 'a'.repeat(300 * 1024) }), /too large/);
      const many: Record<string, number> = {};
      for (let i = 0; i < 6000; i++) many[`k${i}`] = i;
      throwsValidation(() => checkBounds(many), /too many values/);
      throwsValidation(() => checkBounds({ ['k'.repeat(300 * 1024)]: 1 }), /too large/);
    });
    it('refuses deep nesting and cycles', () => {
      let deep: unknown = 'x';
      for (let i = 0; i < 50; i++) deep = { d: deep };
      throwsValidation(() => checkBounds(deep), /nested deeper/);
      const cyclic: Record<string, unknown> = { type: 'save' };
      cyclic.self = cyclic;
      throwsValidation(() => checkBounds(cyclic), /cyclic/);
    });
    it('refuses non-plain values that structured clone can carry', () => {
      for (const v of [new Map(), new Set(), new Date(), new Uint8Array(4), /re/, new ArrayBuffer(8)]) throwsValidation(() => checkBounds({ v }), /only plain objects/);
      throwsValidation(() => checkBounds({ v: 10n }), /bigint values are not allowed/);
    });
    it('accepts ordinary messages', () => {
      checkBounds({ type: 'save', requestId: 1, name: 'x', list: [1, 2, { a: null }] });
    });
  });

  describe('messageUnion', () => {
    type M = { type: 'a'; n: number } | { type: 'b'; s: string };
    const v = messageUnion<M>({
      a: object({ type: literal('a'), n: int(0, 5) }),
      b: object({ type: literal('b'), s: str({ max: 4 }) }),
    });
    it('picks the variant by type and validates it', () => {
      assert.deepEqual(v({ type: 'a', n: 1 }), { ok: true, message: { type: 'a', n: 1 } });
      assert.deepEqual(v({ type: 'b', s: 'x' }), { ok: true, message: { type: 'b', s: 'x' } });
    });
    it('never throws, and explains every refusal', () => {
      const bad: unknown[] = [
        undefined, null, 0, 'a', [], [{ type: 'a', n: 1 }],
        {}, { type: 1 }, { type: 'c' }, { type: 'toString' }, { type: '__proto__' }, { type: 'constructor' }, { type: 'hasOwnProperty' },
        { type: 'a' }, { type: 'a', n: '1' }, { type: 'a', n: 1, extra: true }, { type: 'b', s: 'x'.repeat(5) },
        { type: 'b', s: 'x'.repeat(10_000_000) },
      ];
      for (const raw of bad) {
        const r = v(raw);
        assert.equal(r.ok, false, `accepted ${JSON.stringify(raw)?.slice(0, 60)}`);
        if (!r.ok) assert.ok(r.error.length > 0 && r.error.length < 300);
      }
    });
    it('survives values whose getters throw', () => {
      const evil = { type: 'a', get n(): number { throw new Error('boom'); } };
      const r = v(evil);
      assert.equal(r.ok, false);
    });
    it('quotes unknown types shortened, so a huge type cannot flood the log', () => {
      const r = v({ type: 'x'.repeat(100_000) });
      assert.equal(r.ok, false);
      if (!r.ok) assert.ok(r.error.length < 200);
    });
  });
});
