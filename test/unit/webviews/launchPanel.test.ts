import * as assert from 'node:assert/strict';
import { ImageSource } from '../../../src/entities/ImageSource';
import type { EngineContext } from '../../../src/containers/engineConnection';
import type { EngineRecord } from '../../../src/containers/engineRecord';
import { addEngine, getEngine } from '../../../src/containers/engineRegistry';
import { pullSourceFor } from '../../../src/containers/registryPull';
import { runRegistryImage } from '../../../src/containers/runRegistryImage';
import { parsePortMapping, splitCommandLine, type RestartPolicy } from '../../../src/containers/runSpec';
import { syncEngine } from '../../../src/containers/syncEngine';
import { refreshSimplestreams } from '../../../src/images/refreshSimplestreams';
import { addServer } from '../../../src/images/serverList';
import { incusFacets } from '../../../src/images/simplestreamsParser';
import { RegistryService } from '../../../src/registries/registryService';
import type { Logger } from '../../../src/shared/logger';
import type { SecretStore } from '../../../src/shared/secrets';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { launchPanelId, parseLaunchPanelId } from '../../../src/webviews/launch/launchPanelId';
import { launchPanelLogic, type LaunchOperations, type RunRegistryTagArgs } from '../../../src/webviews/launch/launchPanelLogic';
import type { LaunchLive, LaunchRequest, LaunchView } from '../../../src/webviews/launch/protocol';
import { validateLaunchMessage } from '../../../src/webviews/launch/validateLaunchMessage';
import { PanelSession } from '../../../src/webviews/panelSession';
import type { HostMessage } from '../../../src/webviews/protocol';
import { podman, podmanPeer, testEngineContext, type PodmanPeer } from '../containers/enginePeers';
import { simplestreamsPeer } from '../images/simplestreamsPeer';
import { registryPeer, type RegistryPeer } from '../registries/registryPeer';
import { drivePanel } from './drivePanel';

class MapSecretStore implements SecretStore {
  readonly map = new Map<string, string>();
  async get(key: string) { return this.map.get(key); }
  async store(key: string, value: string) { this.map.set(key, value); }
  async delete(key: string) { this.map.delete(key); }
}

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** A launch message as the page sends it: every field, the form's defaults. */
function launchMessage(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'launch', engine: 'podman-launch', name: 'x', profiles: '', config: [], target: '', certificateFile: '',
    ports: '', env: [], volumes: '', network: '', restart: '', command: '', start: true, ...over,
  };
}

describe('launch panel: ids and the page messages it accepts', () => {
  it('ids name an image source or a registry tag and nothing else', () => {
    const tag = { kind: 'registryTag', registryId: '0193b6a2-7c1e-7c3a-9f00-1234567890ab', repository: 'team/alpha', tag: '1.0' } as const;
    assert.deepEqual(parseLaunchPanelId(launchPanelId(tag)), tag);
    assert.deepEqual(parseLaunchPanelId('source:abc-1'), { kind: 'imageSource', sourceId: 'abc-1' });
    for (const bad of ['', 'source:', 'source:a b', 'tag:r/team/alpha', 'tag:r/Team/alpha:1.0', 'tag:r/team/alpha:1:0', 'tag:../x:1', 'other:1', 'source:a\u0000']) {
      assert.equal(parseLaunchPanelId(bad), undefined, bad);
    }
  });

  it('the validator takes the whole form and refuses anything else', () => {
    assert.ok(validateLaunchMessage({ ...launchMessage(), requestId: 1 }).ok);
    const hostile: unknown[] = [
      null, 'launch', [launchMessage({ requestId: 1 })],
      launchMessage(),
      launchMessage({ requestId: '1' }),
      launchMessage({ requestId: 1, engine: '' }),
      launchMessage({ requestId: 1, start: 'yes' }),
      launchMessage({ requestId: 1, env: 'A=1' }),
      launchMessage({ requestId: 1, env: Array.from({ length: 65 }, () => 'A=1') }),
      launchMessage({ requestId: 1, name: 'a\u0000b' }),
      launchMessage({ requestId: 1, name: 'x'.repeat(300) }),
      launchMessage({ requestId: 1, sourceId: 'another' }),
      launchMessage({ requestId: 1, command: ['sh'] }),
      { type: 'executeCommand', requestId: 1, command: 'containerCatalog.containers.runRegistryTag' },
      { type: '__proto__', requestId: 2 },
    ];
    for (const m of hostile) assert.equal(validateLaunchMessage(m).ok, false, `accepted ${JSON.stringify(m)?.slice(0, 80)}`);
  });

  it('splits a command line as a shell does for words and quotes', () => {
    assert.deepEqual(splitCommandLine(`sh -c "echo 'hi there'" a\\ b ''`), ['sh', '-c', "echo 'hi there'", 'a b', '']);
    assert.deepEqual(splitCommandLine('   '), []);
    assert.throws(() => splitCommandLine('sh -c "x'), /unclosed " quote/);
  });
});

describe('launch panel: sessions over a real catalog, the podman, registry and simplestreams peers', function () {
  this.timeout(120_000);
  let t: TempCatalog;
  let reg: RegistryPeer;
  let pod: PodmanPeer;
  let ctx: EngineContext;
  let engine: EngineRecord;
  let service: RegistryService;
  let secrets: MapSecretStore;
  let tagId: string;
  const name = 'launch-panel-unit';
  const tryPodman = (args: string[]): void => {
    try {
      podman(pod, args);
    } catch {
      // absent already
    }
  };
  const calls: unknown[] = [];

  /** What the run command does with its argument object, over the same core function. */
  const ops: LaunchOperations = {
    launchImageSource: async (a) => {
      calls.push(a);
      throw new Error('not used by these tests');
    },
    runRegistryTag: async (a: RunRegistryTagArgs) => {
      calls.push(a);
      const row = await service.get(a.registry!);
      const e = await getEngine(t.catalog, a.engine);
      return runRegistryImage(t.catalog, e, ctx, pullSourceFor(row, a.repository!, a.tag!), {
        name: a.name, ports: a.ports.map(parsePortMapping), env: a.env, binds: a.volumes, network: a.network,
        restart: a.restart as RestartPolicy | undefined, command: a.command, start: a.start,
      });
    },
  };

  function open(id: string) {
    const posted: HostMessage<LaunchView, LaunchLive>[] = [];
    const session = new PanelSession<LaunchView, LaunchRequest, LaunchLive>(launchPanelLogic(async () => t.catalog, ctx, ops), id, {
      post: (m) => posted.push(m), close: () => undefined, setTitle: () => undefined, log: quiet,
    });
    return { session, posted, drive: drivePanel(session, posted) };
  }

  before(async () => {
    reg = registryPeer();
    pod = podmanPeer();
    tryPodman(['rm', '-f', name]);
    t = await openTempCatalog();
    ctx = { ...testEngineContext(), logger: quiet };
    engine = await addEngine(t.catalog, { kind: 'podman', endpoint: pod.socket, name: 'podman-launch' });
    await syncEngine(t.catalog, engine, ctx);
    // An LXD engine record (never contacted here): only the image-source panel may offer it.
    await addEngine(t.catalog, { kind: 'lxd', endpoint: '/nonexistent/lxd/unix.socket', name: 'lxd-launch' });
    secrets = new MapSecretStore();
    service = new RegistryService({ catalog: async () => t.catalog, secrets, log: quiet, timeoutMs: 10_000 });
    const row = await service.add({ url: reg.anon });
    tagId = launchPanelId({ kind: 'registryTag', registryId: row.id, repository: 'team/alpha', tag: '1.0' });
  });
  after(async () => {
    tryPodman(['rm', '-f', name]);
    tryPodman(['rmi', `${reg.anon}/team/alpha:1.0`]);
    service?.dispose();
    await t?.dispose();
  });

  it('a registry tag offers only the Podman/Docker engines, with their networks', async () => {
    const { session, drive } = open(tagId);
    await session.receive({ type: 'ready' });
    const v = drive.snapshot().view;
    assert.equal(v.source.kind, 'registryTag');
    assert.deepEqual(v.engines.map((e) => e.name), ['podman-launch']);
    assert.ok(v.engines[0].networks.includes(pod.network), JSON.stringify(v.engines[0].networks));
    assert.equal(v.suggestedName, 'alpha');
  });

  it('hostile messages are refused and answered; nothing runs', async () => {
    const { session } = open(tagId);
    await session.receive({ type: 'ready' });
    calls.length = 0;
    const hostile: unknown[] = [
      launchMessage({ requestId: 1, registry: 'another' }),
      launchMessage({ requestId: 2, start: 1 }),
      { type: 'launch', requestId: 3 },
      { type: 'run', requestId: 4 },
      launchMessage({ requestId: 5, ports: ['80:80'] }),
    ];
    for (const m of hostile) await session.receive(m);
    assert.equal(session.counters.rejected, hostile.length);
    assert.equal(calls.length, 0);
  });

  it('each bad field is named, as the engine would refuse it, before the engine is asked', async () => {
    const { session, drive } = open(tagId);
    await session.receive({ type: 'ready' });
    calls.length = 0;
    const r = await drive.send(launchMessage({ name: '-bad name', ports: '80', env: ['=x'], volumes: 'nope', network: 'nonet', restart: 'sometimes', command: 'sh -c "x' }));
    assert.equal(r.ok, false);
    assert.deepEqual(Object.keys(r.fieldErrors ?? {}).sort(), ['command', 'env', 'name', 'network', 'ports', 'restart', 'volumes']);
    assert.match(r.fieldErrors!.ports, /not a port mapping/);
    const other = await drive.send(launchMessage({ engine: 'lxd-launch' }));
    assert.deepEqual(Object.keys(other.fieldErrors ?? {}), ['engine'], 'an LXD engine is offered a registry tag');
    assert.equal(calls.length, 0);
  });

  it('runs the tag through the run path; the same name again is the engine\'s refusal, shown next to the name', async () => {
    const { session, drive } = open(tagId);
    await session.receive({ type: 'ready' });
    const ok = await drive.send(launchMessage({ name, env: ['GREETING=from the panel', ''], network: pod.network, command: 'sh -c "sleep 300"' }));
    assert.ok(ok.ok, ok.message);
    const i = JSON.parse(podman(pod, ['container', 'inspect', name]))[0] as { Config: { Env: string[]; Cmd: string[] } };
    assert.ok(i.Config.Env.includes('GREETING=from the panel'));
    assert.deepEqual(i.Config.Cmd, ['sh', '-c', 'sleep 300']);
    const again = await drive.send(launchMessage({ name }));
    assert.equal(again.ok, false);
    assert.deepEqual(Object.keys(again.fieldErrors ?? {}), ['name'], JSON.stringify(again));
    assert.match(again.fieldErrors!.name, /already in use|exists/i);
    // The first container is untouched by the refused second one.
    assert.equal(JSON.parse(podman(pod, ['container', 'inspect', name]))[0].Config.Cmd.join(' '), 'sh -c sleep 300');
  });

  it('an image of a simplestreams server offers only LXD engines; LXD\'s name and profile rules apply', async () => {
    const { url } = simplestreamsPeer();
    await addServer(t.catalog, `${url}/ss`, []);
    await refreshSimplestreams(t.catalog, { force: true });
    const rows = await t.catalog.read((em) => em.find(ImageSource, { where: { distribution: 'alpine' } }));
    const row = rows.find((s) => incusFacets(s.tags).arch === 'amd64');
    assert.ok(row, 'alpine amd64 on the peer');
    const { session, drive } = open(launchPanelId({ kind: 'imageSource', sourceId: row.id }));
    await session.receive({ type: 'ready' });
    const v = drive.snapshot().view;
    assert.equal(v.source.kind, 'imageSource');
    assert.deepEqual(v.engines.map((e) => e.name), ['lxd-launch']);
    calls.length = 0;
    const r = await drive.send(launchMessage({ engine: 'lxd-launch', name: 'under_score', profiles: 'default', config: ['limits.cpu'] }));
    assert.deepEqual(Object.keys(r.fieldErrors ?? {}).sort(), ['config', 'name', 'profiles']);
    assert.equal(calls.length, 0);
  });
});
