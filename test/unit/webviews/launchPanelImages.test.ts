import * as assert from 'node:assert/strict';
import { getEngine } from '../../../src/containers/engineRegistry';
import { listEngineObjects } from '../../../src/containers/engineObjectLists';
import { launchFromImageSource } from '../../../src/containers/launchFromImageSource';
import { launchLocalImage } from '../../../src/containers/launchLocalImage';
import { runRegistryImage } from '../../../src/containers/runRegistryImage';
import { parsePortMapping } from '../../../src/containers/runSpec';
import { imagesFolderFor } from '../../../src/images/imagesFolder';
import { importTarball } from '../../../src/images/importTarball';
import { launchPanelId, launchRefOfNode, parseLaunchPanelId } from '../../../src/webviews/launch/launchPanelId';
import { launchPanelLogic, type LaunchImageSourceArgs, type LaunchOperations, type RunRegistryTagArgs } from '../../../src/webviews/launch/launchPanelLogic';
import type { LaunchLive, LaunchRequest, LaunchView } from '../../../src/webviews/launch/protocol';
import { PanelSession } from '../../../src/webviews/panelSession';
import type { HostMessage } from '../../../src/webviews/protocol';
import { lxc, lxcQuery, podman } from '../containers/enginePeers';
import { lxdPodmanFixture, quiet, tryRun, uriFile } from '../containers/lxdPodmanFixture';
import { drivePanel } from './drivePanel';

function launchMessage(over: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'launch', engine: '', name: 'x', profiles: '', config: [], target: '', certificateFile: '',
    ports: '', env: [], volumes: '', network: '', restart: '', command: '', start: true, ...over,
  };
}

describe('launch panel: ids of an engine image and of a local image', () => {
  it('round-trip, come from the tree nodes that carry them, and nothing else parses', () => {
    const image = { kind: 'engineImage', engineId: 12, fingerprint: 'a'.repeat(64) } as const;
    const local = { kind: 'localImage', localId: '0193b6a2-7c1e-7c3a-9f00-1234567890ab' } as const;
    assert.deepEqual(parseLaunchPanelId(launchPanelId(image)), image);
    assert.deepEqual(parseLaunchPanelId(launchPanelId(local)), local);
    assert.deepEqual(launchRefOfNode({ type: 'image', id: 'engine/x/g/images/f', engine: 'x', engineId: 12, fingerprint: 'a'.repeat(64) }), image);
    assert.deepEqual(launchRefOfNode({ type: 'local', id: `local:${local.localId}`, localId: local.localId }), local);
    for (const bad of ['image:', 'image:x/abc', 'image:1/', 'image:1/../x', 'image:1/a b', 'local:', 'local:../x', 'local:a/b']) assert.equal(parseLaunchPanelId(bad), undefined, bad);
    assert.equal(launchRefOfNode({ type: 'image', engineId: '12', fingerprint: 'f' }), undefined);
  });
});

describe('launch panel: an engine image and a local image, on the LXD and Podman peers', function () {
  this.timeout(180_000);
  let plain: string;
  const calls: unknown[] = [];
  const f = lxdPodmanFixture('cc-launch-panel-images-', { lxd: 'lxd-p', podman: 'podman-p' }, ({ lxd: l, pod: p }) => {
    for (const n of ['pimg-c1', 'pimg-c2']) tryRun(() => lxc(l, ['delete', '-f', n]));
    tryRun(() => lxc(l, ['image', 'delete', 'debian-12']));
    for (const n of ['pimg-p1', 'pimg-p2']) tryRun(() => podman(p, ['rm', '-f', n]));
    tryRun(() => podman(p, ['rmi', '-f', 'localhost/debian:12']));
  });

  /** What the two commands do with the argument objects the panel sends (image / localImageId), over the same core functions. */
  const ops: LaunchOperations = {
    launchImageSource: async (a: LaunchImageSourceArgs) => {
      calls.push(a);
      const e = await getEngine(f.t.catalog, a.engine);
      const spec = { name: a.name, profiles: a.profiles, start: a.start };
      if (a.localImageId) return launchLocalImage(f.t.catalog, e, f.ctx, a.localImageId, spec);
      return launchFromImageSource(f.t.catalog, e, f.ctx, { fingerprint: a.image! }, spec);
    },
    runRegistryTag: async (a: RunRegistryTagArgs) => {
      calls.push(a);
      const e = await getEngine(f.t.catalog, a.engine);
      const spec = { name: a.name, ports: a.ports.map(parsePortMapping), env: a.env, command: a.command, start: a.start };
      if (a.localImageId) return launchLocalImage(f.t.catalog, e, f.ctx, a.localImageId, spec);
      return runRegistryImage(f.t.catalog, e, f.ctx, { held: a.image! }, spec);
    },
  };

  function open(id: string) {
    const posted: HostMessage<LaunchView, LaunchLive>[] = [];
    const session = new PanelSession<LaunchView, LaunchRequest, LaunchLive>(launchPanelLogic(async () => f.t.catalog, f.ctx, ops), id, {
      post: (m) => posted.push(m), close: () => undefined, setTitle: () => undefined, log: quiet,
    });
    return { session, drive: drivePanel(session, posted) };
  }

  before(async () => {
    plain = (await importTarball(f.t.catalog, imagesFolderFor(f.t.catalog.file), uriFile('plain-debian-12.rootfs.tar.xz'))).localImage.id;
  });

  it('a local image offers LXD and Podman, each with the name it is imported as; "Import and launch" on LXD makes the image and the instance', async () => {
    const { session, drive } = open(launchPanelId({ kind: 'localImage', localId: plain }));
    await session.receive({ type: 'ready' });
    const v = drive.snapshot().view;
    assert.equal(v.source.kind, 'localImage');
    assert.deepEqual(v.engines.map((e) => e.name).sort(), ['lxd-p', 'podman-p']);
    assert.deepEqual(v.source.kind === 'localImage' && v.source.importAs, { 'lxd-p': 'debian-12', 'podman-p': 'debian:12' });
    assert.equal(v.suggestedName, 'debian-12');
    calls.length = 0;
    const r = await drive.send(launchMessage({ engine: 'lxd-p', name: 'pimg-c1', profiles: 'default', start: false }));
    assert.ok(r.ok, r.message);
    assert.deepEqual(calls, [{ engine: 'lxd-p', localImageId: plain, name: 'pimg-c1', profiles: ['default'], config: [], start: false }]);
    assert.equal(lxc(f.lxd, ['file', 'pull', 'pimg-c1/etc/cc-image', '-']).trim(), 'plain');
  });

  it('the same local image on Podman: imported, run; the container reads that rootfs', async () => {
    const { session, drive } = open(launchPanelId({ kind: 'localImage', localId: plain }));
    await session.receive({ type: 'ready' });
    const r = await drive.send(launchMessage({ engine: 'podman-p', name: 'pimg-p1', command: '/bin/busybox sleep 300' }));
    assert.ok(r.ok, r.message);
    assert.equal(podman(f.pod, ['exec', 'pimg-p1', '/bin/cat', '/etc/cc-image']).trim(), 'plain');
  });

  it('an LXD engine image offers only that engine; it launches from the fingerprint; a taken name is refused next to the name', async () => {
    const image = (await listEngineObjects(f.t.catalog, f.lxdEngine.id, 'images')).find((i) => i.aliases.includes('debian-12'));
    assert.ok(image, 'the imported image is in the catalog (synced after the import)');
    const { session, drive } = open(launchPanelId({ kind: 'engineImage', engineId: f.lxdEngine.id, fingerprint: image.fingerprint }));
    await session.receive({ type: 'ready' });
    const v = drive.snapshot().view;
    assert.deepEqual(v.engines.map((e) => e.name), ['lxd-p']);
    assert.deepEqual(v.source.kind === 'engineImage' && [v.source.engine, v.source.label], ['lxd-p', 'debian-12']);
    const r = await drive.send(launchMessage({ engine: 'lxd-p', name: 'pimg-c2', profiles: 'default', start: false }));
    assert.ok(r.ok, r.message);
    assert.equal(lxcQuery<{ config: Record<string, string> }>(f.lxd, '/1.0/instances/pimg-c2').config['volatile.base_image'], image.fingerprint);
    const again = await drive.send(launchMessage({ engine: 'lxd-p', name: 'pimg-c2', profiles: 'default', start: false }));
    assert.equal(again.ok, false);
    assert.deepEqual(Object.keys(again.fieldErrors ?? {}), ['name'], JSON.stringify(again));
    const other = await drive.send(launchMessage({ engine: 'podman-p', name: 'x' }));
    assert.deepEqual(Object.keys(other.fieldErrors ?? {}), ['engine'], 'another engine is not offered an image it does not hold');
  });

  it('a Podman engine image runs by its id on that engine', async () => {
    const image = (await listEngineObjects(f.t.catalog, f.podEngine.id, 'images')).find((i) => i.aliases.some((a) => a.includes('debian:12')));
    assert.ok(image, JSON.stringify(await listEngineObjects(f.t.catalog, f.podEngine.id, 'images')));
    const { session, drive } = open(launchPanelId({ kind: 'engineImage', engineId: f.podEngine.id, fingerprint: image.fingerprint }));
    await session.receive({ type: 'ready' });
    assert.deepEqual(drive.snapshot().view.engines.map((e) => e.name), ['podman-p']);
    calls.length = 0;
    const r = await drive.send(launchMessage({ engine: 'podman-p', name: 'pimg-p2', env: ['A=1'], command: '/bin/busybox sleep 300' }));
    assert.ok(r.ok, r.message);
    assert.equal((calls[0] as RunRegistryTagArgs).image, image.fingerprint);
    const i = JSON.parse(podman(f.pod, ['container', 'inspect', 'pimg-p2']))[0] as { Image: string; Config: { Env: string[] } };
    assert.equal(i.Image.replace(/^sha256:/, ''), image.fingerprint);
    assert.ok(i.Config.Env.includes('A=1'));
  });

  it('a gone image or local image opens no panel', async () => {
    const { session, drive } = open(launchPanelId({ kind: 'engineImage', engineId: f.lxdEngine.id, fingerprint: 'f'.repeat(64) }));
    await session.receive({ type: 'ready' });
    assert.equal(drive.snapshot(), undefined);
    const gone = open(launchPanelId({ kind: 'localImage', localId: '00000000-0000-7000-8000-000000000000' }));
    await gone.session.receive({ type: 'ready' });
    assert.equal(gone.drive.snapshot(), undefined);
  });
});
