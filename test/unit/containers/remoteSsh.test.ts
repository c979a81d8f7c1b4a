import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listContainers } from '../../../src/containers/catalogReads';
import { ContainerActions } from '../../../src/containers/containerActions';
import { knownHostsFile, openEngine } from '../../../src/containers/engineConnection';
import type { EngineContext } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine, getEngine, removeEngine } from '../../../src/containers/engineRegistry';
import { readLiveStates } from '../../../src/containers/liveState';
import type { HostKeyQuestion } from '../../../src/containers/sshTunnel';
import { syncEngine } from '../../../src/containers/syncEngine';
import { openTempCatalog } from '../../../src/store/openTempCatalog';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { MapSecretStore } from '../hostile/registryFixture';
import { podman, podmanPeer, sshdPeer } from './enginePeers';
import type { PodmanPeer, SshdPeer } from './enginePeers';

/** `ssh-keygen -lf` of the peer's host key: OpenSSH's own fingerprint, to compare ours with. */
function opensshFingerprint(pub: string): string {
  return execFileSync('ssh-keygen', ['-lf', pub], { encoding: 'utf8' }).split(' ')[1];
}

describe('Remote Podman over SSH (real sshd on 127.0.0.1 in front of the real Podman peer)', function () {
  let sshd: SshdPeer;
  let pd: PodmanPeer;
  let t: TempCatalog;
  let endpoint: string;
  let engine: EngineRecord;

  /** A context that knows the peer's host key (or the wrong one), with no agent so only the given key is used. */
  const context = (knownHosts: string, confirm?: (q: HostKeyQuestion) => Promise<boolean>): EngineContext => ({
    certDir: mkdtempSync(join(tmpdir(), 'cc-ssh-ctx-')),
    knownHostsFiles: [knownHosts],
    sshAgentSocket: null,
    confirmHostKey: confirm,
  });

  before(async () => {
    sshd = sshdPeer();
    pd = podmanPeer();
    t = await openTempCatalog();
    endpoint = `ssh://${sshd.user}@127.0.0.1:${sshd.port}${pd.socket}`;
    engine = await addEngine(t.catalog, { kind: 'podman', endpoint, name: 'podman-over-ssh', clientKey: sshd.key });
  });
  after(async () => t?.dispose());

  it('syncs the remote engine: the catalog holds what `podman ps -a` lists', async () => {
    const result = await syncEngine(t.catalog, engine, context(sshd.knownHosts));
    assert.ok(result);
    const names = podman(pd, ['ps', '-a', '--format', '{{.Names}}']).split('\n').filter(Boolean).sort();
    const rows = await t.catalog.read((em) => listContainers(em, engine.id));
    assert.deepEqual(rows.map((r) => r.name), names);
    for (const n of pd.containers) assert.ok(names.includes(n), n);
    const after = await getEngine(t.catalog, engine.name);
    assert.equal(after.lastError, null);
    assert.ok(after.lastSyncAt);
  });

  it('reads live state over the tunnel', async () => {
    const conn = await openEngine(engine, context(sshd.knownHosts));
    try {
      const live = await readLiveStates(conn);
      assert.equal(live.get(pd.running)?.running, true);
      for (const n of pd.containers.filter((c) => c !== pd.running)) assert.equal(live.get(n)?.running, false, n);
    } finally {
      conn.close();
    }
  });

  it('stops and starts a container on the remote engine, and the catalog follows', async () => {
    const actions = new ContainerActions(t.catalog, context(sshd.knownHosts));
    const state = (): string => podman(pd, ['container', 'inspect', '--format', '{{.State.Status}}', 'pd-plain']).trim();
    assert.notEqual(state(), 'running');
    await actions.lifecycle(engine, 'pd-plain', 'start');
    assert.equal(state(), 'running');
    await actions.lifecycle(engine, 'pd-plain', 'stop');
    assert.notEqual(state(), 'running');
  });

  it('refuses a host whose key differs from known_hosts, saying so, and leaves the catalog as it was', async () => {
    const before = await t.catalog.read((em) => listContainers(em, engine.id));
    await assert.rejects(syncEngine(t.catalog, engine, context(sshd.knownHostsWrong)), (err: Error) => {
      assert.match(err.message, /host key CHANGED/);
      assert.ok(err.message.includes(opensshFingerprint(sshd.hostKeyPub)), err.message);
      assert.ok(err.message.includes(`${sshd.knownHostsWrong}:1`), err.message);
      assert.match(err.message, /Refusing to connect/);
      return true;
    });
    assert.deepEqual(await t.catalog.read((em) => listContainers(em, engine.id)), before);
    assert.match((await getEngine(t.catalog, engine.name)).lastError ?? '', /host key CHANGED/);
  });

  it('shows a first-seen host key for confirmation: declined is refused, accepted is recorded and not asked again', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'cc-ssh-kh-')), 'known_hosts');
    const asked: HostKeyQuestion[] = [];
    let answer = false;
    const ctx = context(empty, async (q) => {
      asked.push(q);
      return answer;
    });
    await assert.rejects(syncEngine(t.catalog, engine, ctx), /was not confirmed; not connected/);
    assert.equal(asked.length, 1);
    assert.deepEqual(asked[0], { host: '127.0.0.1', port: sshd.port, keyType: 'ssh-ed25519', fingerprint: opensshFingerprint(sshd.hostKeyPub) });
    answer = true;
    await syncEngine(t.catalog, engine, ctx);
    assert.equal(asked.length, 2);
    assert.match(readFileSync(knownHostsFile(ctx), 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519 `));
    await syncEngine(t.catalog, engine, ctx);
    assert.equal(asked.length, 2, 'a recorded key is not asked about again');
  });

  it('without a way to ask, refuses an unknown host and says how to trust it', async () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'cc-ssh-kh-')), 'known_hosts');
    await assert.rejects(syncEngine(t.catalog, engine, context(empty)), /is not in known_hosts\. Connect once from VS Code to confirm it, or add it with ssh-keyscan\./);
  });

  it('refuses ssh:// URLs it cannot use, and a second spelling of the same address', async () => {
    const base = `ssh://${sshd.user}@127.0.0.1:${sshd.port}${pd.socket}`;
    const bad: [string, RegExp][] = [
      [`${base}?x=1`, /takes no query or fragment/],
      [`ssh://127.0.0.1:${sshd.port}${pd.socket}`, /names no user/],
      [`ssh://${sshd.user}:secret@127.0.0.1:${sshd.port}${pd.socket}`, /Give no password in the ssh:\/\/ URL/],
      [base.replace('127.0.0.1', '127.0.0.1:'), /Not a valid ssh:\/\/ URL|names no host/],
    ];
    for (const [url, why] of bad) {
      await assert.rejects(addEngine(t.catalog, { kind: 'podman', endpoint: url, name: 'bad-ssh' }), why, url);
    }
    await assert.rejects(addEngine(t.catalog, { kind: 'lxd', endpoint: base, name: 'bad-ssh' }), /LXD engine is reached over https/);
    await assert.rejects(addEngine(t.catalog, { kind: 'podman', endpoint: base, name: 'bad-ssh', clientKey: '/nonexistent/key' }), /No such file: \/nonexistent\/key/);
    await assert.rejects(
      addEngine(t.catalog, { kind: 'podman', endpoint: base.replace('127.0.0.1', '127.0.0.1'.toUpperCase()), name: 'again' }),
      /already connected as "podman-over-ssh"/,
    );
    assert.deepEqual((await t.catalog.read((em) => em.query("SELECT name FROM engines WHERE name IN ('bad-ssh', 'again')"))), []);
  });

  it('uses an encrypted key with its passphrase from the secret store, and says when the passphrase is missing', async () => {
    const secrets = new MapSecretStore();
    const own = await openTempCatalog();
    try {
      const viaPass = await addEngine(
        own.catalog,
        { kind: 'podman', endpoint, name: 'ssh-passphrase', clientKey: sshd.passKey, sshPassphrase: sshd.passphrase },
        secrets,
      );
      assert.deepEqual([...secrets.map.values()], [sshd.passphrase]);
      const row = JSON.stringify(await own.catalog.read((em) => em.query('SELECT * FROM engines WHERE id = ?', [viaPass.id])));
      assert.ok(!row.includes(sshd.passphrase), 'the passphrase is not in the catalog');
      await syncEngine(own.catalog, viaPass, { ...context(sshd.knownHosts), secrets });
      assert.equal((await own.catalog.read((em) => listContainers(em, viaPass.id))).length, podman(pd, ['ps', '-aq']).split('\n').filter(Boolean).length);
      await assert.rejects(syncEngine(own.catalog, viaPass, { ...context(sshd.knownHosts), secrets: new MapSecretStore() }), (err: Error) => {
        assert.match(err.message, /SSH login as .* was refused/);
        assert.ok(err.message.includes(`${sshd.passKey} (encrypted: its passphrase is needed)`), err.message);
        return true;
      });
      await removeEngine(own.catalog, viaPass.name, secrets);
      assert.equal(secrets.map.size, 0, 'removing the engine forgets its passphrase');
    } finally {
      await own.dispose();
    }
  });

  it('names the remote socket when the SSH server cannot open it', async () => {
    const e = await addEngine(t.catalog, { kind: 'podman', endpoint: `ssh://${sshd.user}@127.0.0.1:${sshd.port}/nonexistent/podman.sock`, name: 'ssh-no-socket', clientKey: sshd.key });
    await assert.rejects(syncEngine(t.catalog, e, context(sshd.knownHosts)), /would not open the socket \/nonexistent\/podman\.sock/);
  });
});
