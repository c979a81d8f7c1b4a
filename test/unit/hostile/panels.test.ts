import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfiles } from '../../../src/containers/catalogReads';
import { getEngine } from '../../../src/containers/engineRegistry';
import { importProfile } from '../../../src/containers/yamlTransfer';
import type { Logger } from '../../../src/shared/logger';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import { engineObjectId } from '../../../src/webviews/engineObjectId';
import { PanelSession } from '../../../src/webviews/panelSession';
import { profilePanelLogic } from '../../../src/webviews/profile/profilePanelLogic';
import type { ProfileRequest, ProfileView } from '../../../src/webviews/profile/protocol';
import type { HostMessage, SnapshotMessage } from '../../../src/webviews/protocol';

// The profile panel of a local-catalog draft: a real catalog and a real session, no engine needed.
async function draftPanel() {
  const t = await openTempCatalog();
  const local = await getEngine(t.catalog, 'local catalog');
  await importProfile(t.catalog, local, 'name: target\ndescription: kept\nconfig:\n  user.a: "1"\ndevices:\n  data:\n    type: disk\n    path: /data\n    source: /srv\n');
  const warnings: string[] = [];
  const log: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(String(m)) };
  const posted: HostMessage<ProfileView, never>[] = [];
  const opened: string[] = [];
  const logic = profilePanelLogic({ catalog: async () => t.catalog, engineContext: { certDir: mkdtempSync(join(tmpdir(), 'cc-hostile-panels-')) }, openContainer: async (id) => void opened.push(id) });
  const session = new PanelSession<ProfileView, ProfileRequest>(logic, engineObjectId(local.id, 'target'), { post: (m) => posted.push(m), close: () => undefined, setTitle: () => undefined, log });
  await session.receive({ type: 'ready' });
  const version = ([...posted].reverse().find((m) => m.type === 'snapshot') as SnapshotMessage<ProfileView>).version;
  const row = async () => (await t.catalog.read((em) => loadProfiles(em, local.id, ['target'])))[0];
  return { t, session, posted, warnings, opened, version, row };
}

describe('hostile input: panels', function () {
  it('a refused message that carries a request id gets an error reply and runs nothing', async () => {
    const p = await draftPanel();
    try {
      const before = await p.row();
      const cyclic: Record<string, unknown> = { type: 'unsetConfig', requestId: 11, version: p.version, key: 'user.a' };
      cyclic.self = cyclic;
      const hostile: unknown[] = [
        { type: 'exec', requestId: 1, command: 'rm -rf /' },
        { type: 'unsetConfig', requestId: 2, version: p.version, key: 7 },
        { type: 'unsetConfig', requestId: 3, version: p.version, key: 'user.a', profile: 'default' },
        { type: 'removeDevice', requestId: 4, version: 'not hex!', device: 'data' },
        { type: 'setDescription', requestId: 5, version: p.version, description: 'x'.repeat(300_000) },
        { type: 'addDevice', requestId: 6, version: p.version, device: 'd', config: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) },
        { type: 'openContainer', requestId: 7, container: '../../etc/passwd' },
        { type: '__proto__', requestId: 8 },
        { type: 'setConfig', requestId: 9, version: p.version, key: 'user.x', value: 'nul\u0000' },
        { type: 'removeDevice', requestId: 10, version: p.version, device: 'data', pad: 'x'.repeat(1_000_000) },
        cyclic,
      ];
      for (const m of hostile) await p.session.receive(m);
      const replies = p.posted.filter((m) => m.type === 'reply');
      assert.deepEqual(replies.map((m) => m.type === 'reply' && [m.requestId, m.ok]), hostile.map((_, i) => [i + 1, false]));
      for (const r of replies) assert.ok(r.type === 'reply' && /^Refused, nothing was changed: .{3,300}\.$/.test(r.message ?? ''), JSON.stringify(r).slice(0, 200));
      assert.equal(p.session.counters.rejected, hostile.length);
      assert.deepEqual(await p.row(), before);
      assert.deepEqual(p.opened, []);
    } finally {
      await p.t.dispose();
    }
  });

  it('a refused message without a usable request id is logged and dropped, with no reply', async () => {
    const p = await draftPanel();
    try {
      const before = p.posted.length;
      const hostile: unknown[] = [
        null,
        'unsetConfig',
        [{ type: 'unsetConfig', requestId: 1 }],
        { type: 'unsetConfig', requestId: 0, version: p.version, key: 'user.a' },
        { type: 'unsetConfig', requestId: '2', version: p.version, key: 'user.a' },
        { type: 'unsetConfig', requestId: 1.5, version: p.version, key: 'user.a' },
        { type: 'unsetConfig', requestId: Number.MAX_SAFE_INTEGER + 2, version: p.version, key: 'user.a' },
        Object.assign(Object.create({ requestId: 3 }) as object, { type: 'unsetConfig', version: p.version, key: 'user.a' }),
        new Map([['requestId', 4]]),
      ];
      for (const m of hostile) await p.session.receive(m);
      assert.equal(p.posted.length, before);
      assert.equal(p.session.counters.rejected, hostile.length);
      assert.equal(p.warnings.length, hostile.length);
      assert.deepEqual((await p.row()).config, { 'user.a': '1' });
    } finally {
      await p.t.dispose();
    }
  });
});
