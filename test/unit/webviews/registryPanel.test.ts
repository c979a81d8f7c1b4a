import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Registry } from '../../../src/entities/Registry';
import type { Logger } from '../../../src/shared/logger';
import { registrySecretKey } from '../../../src/registries/registrySecrets';
import { RegistryService } from '../../../src/registries/registryService';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { PanelSession } from '../../../src/webviews/panelSession';
import type { HostMessage, ReplyMessage, SnapshotMessage } from '../../../src/webviews/protocol';
import type { RegistryLive, RegistryRequest, RegistryView } from '../../../src/webviews/registry/protocol';
import { registryOperations } from '../../../src/webviews/registry/registryOperations';
import { registryPanelLogic } from '../../../src/webviews/registry/registryPanelLogic';
import { registryPeer, type RegistryPeer } from '../registries/registryPeer';
import { MapSecretStore } from '../../support/mapSecretStore';

const lines: string[] = [];
const log: Logger = { trace: (m) => lines.push(m), debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(String(m)) };

describe('registry panel: session over the registries service, a real catalog and real registries', function () {
  let peer: RegistryPeer;
  let t: TempCatalog;
  let secrets: MapSecretStore;
  let service: RegistryService;
  let refreshed: string[];
  let answer: { username: string; password: string } | undefined;

  before(() => { peer = registryPeer(); });
  beforeEach(async () => {
    t = await openTempCatalog();
    secrets = new MapSecretStore();
    service = new RegistryService({ catalog: async () => t.catalog, secrets, log, timeoutMs: 5000 });
    refreshed = [];
    answer = undefined;
  });
  afterEach(async () => {
    service.dispose();
    await t.dispose();
  });

  async function open(url: string) {
    const r = await service.add({ url, name: 'Test registry' });
    const logic = registryPanelLogic(async () => t.catalog, registryOperations({
      service, catalog: async () => t.catalog, log,
      prompts: { credentials: async () => answer },
      refreshNode: (id) => refreshed.push(id),
    }));
    const posted: HostMessage<RegistryView, RegistryLive>[] = [];
    const session = new PanelSession<RegistryView, RegistryRequest, RegistryLive>(logic, r.id, {
      post: (m) => posted.push(m), close: () => undefined, setTitle: () => undefined, log,
    });
    t.catalog.onDidChange((e) => void session.catalogChanged(e.external));
    await session.receive({ type: 'ready' });
    let nextId = 1;
    const snapshot = () => [...posted].reverse().find((m): m is SnapshotMessage<RegistryView> => m.type === 'snapshot')!;
    const live = async (): Promise<RegistryLive> => {
      for (let i = 0; i < 200; i++) {
        const l = [...posted].reverse().find((m) => m.type === 'live');
        if (l && l.type === 'live') return l.live;
        await new Promise((res) => setTimeout(res, 25));
      }
      throw new Error('no live data posted');
    };
    const send = async (m: Record<string, unknown>): Promise<ReplyMessage> => {
      const requestId = nextId++;
      await session.receive({ ...m, requestId });
      const reply = posted.find((p): p is ReplyMessage => p.type === 'reply' && p.requestId === requestId);
      assert.ok(reply, `no reply to ${String(m.type)}`);
      return reply;
    };
    const save = (changes: Partial<{ name: string; url: string; insecure: boolean; caFile: string }>) => {
      const v = snapshot().view;
      return send({ type: 'save', version: snapshot().version, name: v.name, url: v.url, insecure: v.insecure, caFile: v.caFile ?? '', ...changes });
    };
    const row = () => t.catalog.read((em) => em.findOneByOrFail(Registry, { id: r.id }));
    return { id: r.id, session, posted, snapshot, live, send, save, row };
  }

  it('shows the registry and counts its repositories when listing is allowed', async () => {
    const p = await open(peer.anon);
    assert.equal(p.snapshot().view.url, peer.anon);
    assert.equal(p.snapshot().view.name, 'Test registry');
    assert.deepEqual(await p.live(), { listing: 'allowed', count: peer.repos.length, complete: true });
  });

  it('saves a rename through the service and refreshes only that tree node', async () => {
    const p = await open(peer.anon);
    const reply = await p.save({ name: 'Renamed' });
    assert.equal(reply.ok, true, reply.message);
    assert.equal((await p.row()).name, 'Renamed');
    assert.equal(p.snapshot().view.name, 'Renamed');
    assert.equal(p.snapshot().reason, 'saved');
    assert.deepEqual(refreshed, [p.id]);
  });

  it('puts invalid values next to their field and saves nothing', async () => {
    const p = await open(peer.anon);
    await service.add({ url: peer.basic });
    const before = await p.row();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ url: 'http://exa mple.com' }, 'url', /./],
      [{ url: 'ftp://registry.example.com' }, 'url', /./],
      [{ url: peer.basic }, 'url', /already added/],
      [{ name: '   ' }, 'name', /empty/],
      [{ caFile: '/nonexistent/ca.pem' }, 'caFile', /cannot be read/],
    ];
    for (const [changes, field, message] of cases) {
      const reply = await p.save(changes);
      assert.equal(reply.ok, false, JSON.stringify(changes));
      assert.ok(reply.fieldErrors?.[field], `no error on ${field} for ${JSON.stringify(changes)}: ${JSON.stringify(reply)}`);
      assert.match(reply.fieldErrors[field], message);
    }
    assert.deepEqual(await p.row(), before);
  });

  it('refuses a save based on an older version when another writer changed the registry', async () => {
    const p = await open(peer.anon);
    const staleVersion = p.snapshot().version;
    // Another window's write, straight into the same catalog.
    await service.update(p.id, { name: 'Changed elsewhere' });
    const reply = await p.send({ type: 'save', version: staleVersion, name: 'Mine', url: peer.anon, insecure: false, caFile: '' });
    assert.equal(reply.ok, false);
    assert.equal(reply.conflict, true);
    assert.equal((await p.row()).name, 'Changed elsewhere');
  });

  it('tracks and untracks repositories, with errors on the field', async () => {
    const p = await open(peer.anon);
    assert.equal((await p.send({ type: 'track', repository: 'team/alpha' })).ok, true);
    assert.deepEqual(p.snapshot().view.tracked, ['team/alpha']);
    for (const bad of ['Upper/Case', '../etc/passwd', 'a//b']) {
      const reply = await p.send({ type: 'track', repository: bad });
      assert.equal(reply.ok, false, bad);
      assert.ok(reply.fieldErrors?.repository, `no inline error for ${bad}`);
    }
    assert.deepEqual(p.snapshot().view.tracked, ['team/alpha']);
    const dup = await p.send({ type: 'track', repository: 'team/alpha' });
    assert.equal(dup.ok, false);
    assert.match(dup.fieldErrors?.repository ?? '', /already tracked/);
    assert.equal((await p.send({ type: 'untrack', repository: 'team/alpha' })).ok, true);
    assert.deepEqual(p.snapshot().view.tracked, []);
  });

  it('logs in through the prompts (the password never passes the page), verifies, logs out', async () => {
    const p = await open(peer.basic);
    answer = undefined;
    const cancelled = await p.send({ type: 'login' });
    assert.equal(cancelled.ok, true);
    assert.equal((await p.row()).loggedIn, false);

    answer = { username: peer.user, password: 'wrong-password' };
    const wrong = await p.send({ type: 'login' });
    assert.equal(wrong.ok, false);
    assert.equal((await p.row()).loggedIn, false);

    answer = { username: peer.user, password: peer.password };
    const ok = await p.send({ type: 'login' });
    assert.equal(ok.ok, true, ok.message);
    const view = p.snapshot().view;
    assert.equal(view.loggedIn, true);
    assert.equal(view.username, peer.user);
    assert.ok(view.verifiedAt);
    assert.equal(secrets.map.get(registrySecretKey(p.id)), peer.password);
    for (const m of p.posted) assert.ok(!JSON.stringify(m).includes(peer.password), 'the password reached the page');
    await t.catalog.flush();
    assert.ok(!readFileSync(t.catalog.file).includes(Buffer.from(peer.password)), 'the password reached the catalog');

    assert.equal((await p.send({ type: 'verify' })).ok, true);
    assert.equal((await p.send({ type: 'logout' })).ok, true);
    assert.equal(p.snapshot().view.loggedIn, false);
    assert.equal(secrets.map.has(registrySecretKey(p.id)), false);
  });

  it('shows a failed verification and its error when the registry is down', async () => {
    const p = await open(peer.down);
    const reply = await p.send({ type: 'verify' });
    assert.equal(reply.ok, false);
    assert.match(reply.message ?? '', /refused|reach|connect/i);
    assert.match(p.snapshot().view.lastError ?? '', /refused|reach|connect/i);
    const live = await p.live();
    assert.equal(live.listing, 'error');
  });

  it('rejects hostile messages; nothing in the catalog changes', async () => {
    const p = await open(peer.anon);
    const before = await p.row();
    const version = p.snapshot().version;
    const hostile: unknown[] = [
      { type: 'remove', requestId: 1 },
      { type: 'save', requestId: 2, version, name: 'x', url: peer.anon, insecure: 'yes', caFile: '' },
      { type: 'save', requestId: 3, version, name: 'x'.repeat(300_000), url: peer.anon, insecure: false, caFile: '' },
      { type: 'save', requestId: 4, version, name: 'x', url: peer.anon, insecure: false, caFile: '', password: 'p' },
      { type: 'track', requestId: 5, repository: 'x'.repeat(10_000) },
      { type: 'login', requestId: 6, username: 'alice', password: 'secret' },
    ];
    for (const m of hostile) await p.session.receive(m);
    assert.equal(p.session.counters.rejected, hostile.length);
    // Each is answered with a refusal (the page would otherwise wait on it), and no reply repeats a secret.
    const replies = p.posted.filter((m) => m.type === 'reply');
    assert.deepEqual(replies.map((m) => m.type === 'reply' && [m.requestId, m.ok]), [1, 2, 3, 4, 5, 6].map((id) => [id, false]));
    assert.ok(!JSON.stringify(replies).includes('secret'), JSON.stringify(replies));
    assert.deepEqual(await p.row(), before);
  });
});
