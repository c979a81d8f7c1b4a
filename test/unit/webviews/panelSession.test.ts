import * as assert from 'node:assert/strict';
import { commonVariants, versionToken } from '../../../src/webviews/commonMessages';
import { FieldError, PanelSession } from '../../../src/webviews/panelSession';
import type { PanelLogic } from '../../../src/webviews/panelSession';
import type { CommonPageMessage, HostMessage } from '../../../src/webviews/protocol';
import { literal, messageUnion, object, requestId, str } from '../../../src/webviews/validate';
import type { Logger } from '../../../src/shared/logger';

// A session is exercised against a small in-memory object store: the subject is the message
// handling (ready gate, validation, versions, refresh), not any service.
interface Thing { name: string; live?: number }
type Rename = { type: 'rename'; requestId: number; version: string; name: string };
type Ping = { type: 'ping'; requestId: number };
type Msg = Rename | Ping;

function setup() {
  const store = new Map<string, Thing>([['t1', { name: 'one' }]]);
  const handled: Msg[] = [];
  const posted: HostMessage<Thing, number>[] = [];
  const closed: string[] = [];
  const warnings: string[] = [];
  let liveCalls = 0;
  const logic: PanelLogic<Thing, Msg, number> = {
    noun: 'thing',
    validate: messageUnion<Msg | CommonPageMessage>({
      ...commonVariants,
      rename: object({ type: literal('rename'), requestId, version: versionToken, name: str({ max: 20 }) }),
      ping: object({ type: literal('ping'), requestId }),
    }),
    load: async (id) => (store.has(id) ? { ...store.get(id)! } : undefined),
    title: (t) => `Thing ${t.name}`,
    live: async () => ++liveCalls,
    versioned: (t) => t.name,
    handle: async (m) => {
      handled.push(m);
      if (m.type === 'rename') {
        if (m.name === '') throw new FieldError('name', 'Name must not be empty.');
        store.set('t1', { name: m.name });
        return { ok: true, message: 'Renamed.' };
      }
      return { ok: true };
    },
  };
  const log: Logger = { trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(String(m)) };
  const titles: string[] = [];
  const session = new PanelSession(logic, 't1', { post: (m) => posted.push(m), close: (m) => closed.push(m), setTitle: (t) => titles.push(t), log });
  const settle = () => new Promise((r) => setImmediate(r));
  return { store, handled, posted, closed, warnings, session, settle, titles };
}

function lastSnapshot(posted: HostMessage<Thing, number>[]) {
  const s = [...posted].reverse().find((m) => m.type === 'snapshot');
  assert.ok(s && s.type === 'snapshot');
  return s;
}

describe('panel session', () => {
  it('posts nothing before the page says ready, then the snapshot and the live data', async () => {
    const t = setup();
    await t.session.catalogChanged(true);
    assert.equal(t.posted.length, 0);
    await t.session.receive({ type: 'ready' });
    await t.settle();
    assert.equal(t.posted[0].type, 'snapshot');
    assert.deepEqual(t.posted[0].type === 'snapshot' && t.posted[0].view, { name: 'one' });
    assert.equal(t.posted[0].type === 'snapshot' && t.posted[0].reason, 'initial');
    assert.deepEqual(t.posted[1], { type: 'live', live: 1 });
    assert.deepEqual(t.titles.at(-1), 'Thing one');
  });

  it('refuses a request sent before ready', async () => {
    const t = setup();
    await t.session.receive({ type: 'ping', requestId: 1 });
    assert.deepEqual(t.handled, []);
    assert.deepEqual(t.posted, []);
    assert.equal(t.session.counters.rejected, 1);
  });

  it('rejects hostile messages: logged, counted, never handled; answered only when they carry a request id', async () => {
    const t = setup();
    await t.session.receive({ type: 'ready' });
    await t.settle();
    const before = t.posted.length;
    const hostile: unknown[] = [
      { type: 'delete', requestId: 1 },
      { type: 'rename', requestId: '1', version: 'ab', name: 'x' },
      { type: 'rename', requestId: 1, version: 'ab', name: 'x'.repeat(1_000_000) },
      { type: 'rename', requestId: 1, version: 'ab', name: 'x', id: 'another-object' },
      { type: 'ping' },
      'ping',
      null,
    ];
    for (const m of hostile) await t.session.receive(m);
    assert.deepEqual(t.handled, []);
    const replies = t.posted.slice(before);
    assert.deepEqual(replies.map((m) => m.type === 'reply' && [m.requestId, m.ok]), [[1, false], [1, false], [1, false]]);
    assert.ok(replies.every((m) => m.type === 'reply' && (m.message ?? '').length < 400), 'replies stay short even for huge payloads');
    assert.equal(t.session.counters.rejected, hostile.length);
    assert.equal(t.warnings.length, hostile.length);
    assert.ok(t.warnings.every((w) => w.length < 400), 'log lines stay short even for huge payloads');
    assert.deepEqual(t.store.get('t1'), { name: 'one' });
  });

  it('answers a refused request with an error the page shows, so the page does not wait forever', async () => {
    const t = setup();
    await t.session.receive({ type: 'ready' });
    const version = lastSnapshot(t.posted).version;
    const before = t.posted.length;
    await t.session.receive({ type: 'rename', requestId: 77, version, name: 'x'.repeat(21) });
    assert.deepEqual(t.posted.slice(before), [{ type: 'reply', requestId: 77, ok: false, message: 'Refused, nothing was changed: name: longer than 20 characters.' }]);
    assert.deepEqual(t.handled, []);
    assert.deepEqual(t.store.get('t1'), { name: 'one' });
    // A request id that is no id (zero, text, inherited) gets nothing: no page waits on it.
    for (const m of [{ type: 'rename', requestId: 0 }, { type: 'rename', requestId: '78' }, Object.assign(Object.create({ requestId: 79 }) as object, { type: 'x' })]) await t.session.receive(m);
    assert.equal(t.posted.length, before + 1);
  });

  it('answers a request by id, then posts the saved object', async () => {
    const t = setup();
    await t.session.receive({ type: 'ready' });
    const version = lastSnapshot(t.posted).version;
    await t.session.receive({ type: 'rename', requestId: 42, version, name: 'two' });
    await t.settle();
    const reply = t.posted.find((m) => m.type === 'reply');
    assert.deepEqual(reply, { type: 'reply', requestId: 42, ok: true, message: 'Renamed.' });
    const snap = lastSnapshot(t.posted);
    assert.equal(snap.reason, 'saved');
    assert.deepEqual(snap.view, { name: 'two' });
    assert.notEqual(snap.version, version);
  });

  it('refuses an edit based on an older version and changes nothing', async () => {
    const t = setup();
    await t.session.receive({ type: 'ready' });
    const version = lastSnapshot(t.posted).version;
    t.store.set('t1', { name: 'changed-elsewhere' });
    await t.session.receive({ type: 'rename', requestId: 3, version, name: 'mine' });
    const reply = t.posted.find((m) => m.type === 'reply');
    assert.ok(reply && reply.type === 'reply');
    assert.equal(reply.ok, false);
    assert.equal(reply.conflict, true);
    assert.deepEqual(t.handled, []);
    assert.deepEqual(t.store.get('t1'), { name: 'changed-elsewhere' });
  });

  it('puts a FieldError next to its field', async () => {
    const t = setup();
    await t.session.receive({ type: 'ready' });
    const version = lastSnapshot(t.posted).version;
    await t.session.receive({ type: 'rename', requestId: 5, version, name: '' });
    const reply = t.posted.find((m) => m.type === 'reply');
    assert.deepEqual(reply, { type: 'reply', requestId: 5, ok: false, message: 'Name must not be empty.', fieldErrors: { name: 'Name must not be empty.' } });
    assert.deepEqual(t.store.get('t1'), { name: 'one' });
  });

  it('reloads on an external change and says it was external; stays quiet when nothing changed', async () => {
    const t = setup();
    await t.session.receive({ type: 'ready' });
    const count = t.posted.length;
    await t.session.catalogChanged(true);
    assert.equal(t.posted.length, count, 'no post when the object did not change');
    t.store.set('t1', { name: 'other-window' });
    await t.session.catalogChanged(true);
    const snap = lastSnapshot(t.posted);
    assert.equal(snap.reason, 'external');
    assert.deepEqual(snap.view, { name: 'other-window' });
  });

  it('while hidden it posts nothing; when shown again the page gets fresh data after ready', async () => {
    const t = setup();
    await t.session.receive({ type: 'ready' });
    t.session.hidden();
    const count = t.posted.length;
    t.store.set('t1', { name: 'while-hidden' });
    await t.session.catalogChanged(true);
    assert.equal(t.posted.length, count);
    await t.session.receive({ type: 'ready' });
    assert.deepEqual(lastSnapshot(t.posted).view, { name: 'while-hidden' });
  });

  it('closes with a message when the object is gone', async () => {
    const t = setup();
    await t.session.receive({ type: 'ready' });
    t.store.delete('t1');
    await t.session.catalogChanged(true);
    assert.equal(t.posted.at(-1)?.type, 'gone');
    assert.equal(t.closed.length, 1);
    assert.match(t.closed[0], /no longer exists/);
    await t.session.receive({ type: 'ping', requestId: 9 });
    assert.equal(t.posted.at(-1)?.type, 'gone', 'a disposed session ignores the page');
  });

  it('does not count live data in the version, so engine state never causes conflicts', async () => {
    const t = setup();
    await t.session.receive({ type: 'ready' });
    const version = lastSnapshot(t.posted).version;
    t.store.set('t1', { name: 'one', live: 99 });
    await t.session.receive({ type: 'rename', requestId: 8, version, name: 'ok' });
    const reply = t.posted.find((m) => m.type === 'reply');
    assert.ok(reply && reply.type === 'reply');
    assert.equal(reply.requestId, 8);
    assert.equal(reply.ok, true);
    assert.deepEqual(t.store.get('t1'), { name: 'ok' });
  });
});

describe('panel session: CSP reports', () => {
  it('counts and logs a CSP violation the page reports, and never treats it as a request', async () => {
    const t = setup();
    await t.session.receive({ type: 'ready' });
    await t.session.receive({ type: 'cspViolation', directive: 'style-src', blocked: 'inline' });
    assert.equal(t.session.counters.cspViolations, 1);
    assert.equal(t.handled.length, 0);
    assert.ok(t.warnings.some((w) => /CSP blocked inline \(style-src\)/.test(w)));
    await t.session.receive({ type: 'cspViolation', directive: 7, blocked: 'x' });
    assert.equal(t.session.counters.cspViolations, 1);
    assert.equal(t.session.counters.rejected, 1);
  });
});
