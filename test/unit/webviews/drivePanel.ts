import * as assert from 'node:assert/strict';
import type { PanelSession } from '../../../src/webviews/panelSession';
import type { HostMessage, ReplyMessage, SnapshotMessage } from '../../../src/webviews/protocol';

/** Drives one panel session like the page does: ready, then requests with ids. */
export function drivePanel<V, M extends { type: string; requestId: number }, L>(session: PanelSession<V, M, L>, posted: HostMessage<V, L>[]) {
  let nextId = 1;
  const snapshot = () => [...posted].reverse().find((m): m is SnapshotMessage<V> => m.type === 'snapshot')!;
  return {
    snapshot,
    async live(): Promise<L> {
      for (let i = 0; i < 400; i++) {
        const l = [...posted].reverse().find((m) => m.type === 'live');
        if (l && l.type === 'live') return l.live;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no live data');
    },
    async send(m: Record<string, unknown>, edit = false, expectLive = false): Promise<ReplyMessage> {
      const requestId = nextId++;
      const lives = posted.filter((x) => x.type === 'live').length;
      await session.receive({ ...m, requestId, ...(edit ? { version: snapshot().version } : {}) });
      const reply = posted.find((p): p is ReplyMessage => p.type === 'reply' && p.requestId === requestId);
      assert.ok(reply, `no reply to ${String(m.type)}`);
      // A successful action refetches the live state from the engine. Wait for it: the tests then
      // call \`lxc\` synchronously, and a blocked event loop must not leave a response unread.
      if (expectLive && reply.ok) {
        for (let i = 0; i < 400 && posted.filter((x) => x.type === 'live').length === lives; i++) await new Promise((r) => setTimeout(r, 25));
      }
      return reply;
    },
  };
}

