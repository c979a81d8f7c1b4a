import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConsumerExports } from '../api-consumer/extension';
import { CommandIds, ImageCommandIds } from '../../src/providers/platform/ids';
import { registryPeer } from '../unit/registries/registryPeer';
import { eventually } from './panels/panelDriver';
import { lxcQuery } from './support/lxc';
import { need } from './support/peerEnv';

// The public API as another extension uses it: test/api-consumer is a second extension, loaded next to ours,
// that depends on Container Catalog (extensionDependencies) and gets the API from its exports. Every v1
// function is called through that consumer, against the real LXD, registry and simplestreams peers.
describe('public API v1, used by another extension', function () {
  this.timeout(180_000);
  const lxdSocket = need('CC_LXD_SOCKET');
  const bridge = need('CC_LXD_BRIDGE');
  const ssBase = need('CC_SIMPLESTREAMS_URL');
  const server = `${ssBase}/ss`;
  const ENGINE = 'api-lxd';
  let consumer: ConsumerExports;
  let registryId: string | undefined;
  let sourcesBefore: Set<string> | undefined;

  before(async () => {
    const ext = vscode.extensions.getExtension<ConsumerExports>('cc-test.api-consumer');
    assert.ok(ext, 'the API consumer extension is not installed');
    consumer = await ext.activate();
    // Only the loopback simplestreams server, before anything could seed the server list with the default
    // (activation never opens the catalog, so nothing has yet).
    await vscode.workspace.getConfiguration('containerCatalog.imageSources').update('simplestreamsServers', [server], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(ImageCommandIds.addSimplestreams, { url: server });
    sourcesBefore = new Set((await consumer.api.listImageSources()).map((s) => s.id));
  });

  after(async () => {
    // Leave the catalog as empty as it was: the views suite checks the welcome content.
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: ENGINE, confirmed: true });
    if (registryId) await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: registryId, skipConfirmation: true });
    await vscode.commands.executeCommand(ImageCommandIds.removeSimplestreams, { url: server });
    // The refresh of every type also wrote the builtin list shipped with the extension: those rows go too.
    for (const s of await consumer.api.listImageSources()) {
      if (!sourcesBefore?.has(s.id)) await vscode.commands.executeCommand(ImageCommandIds.deleteSource, { sourceId: s.id, confirmed: true });
    }
  });

  it('offers version 1 and refuses a version it does not have, naming the ones it has', () => {
    assert.equal(consumer.api.version, 1);
    assert.match(consumer.unknownVersionError, /no API version 2; this build offers version 1/);
  });

  it('syncs an engine and reads engines, containers, details and used-by answers', async () => {
    // Connecting syncs once; the consumer hears what that wrote. A sync after it that finds nothing
    // changed writes nothing, so it has nothing to hear.
    const seen = consumer.changes.length;
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: lxdSocket, name: ENGINE });
    const sync = await consumer.api.syncEngine(ENGINE);
    assert.equal(sync.engine, ENGINE);
    await eventually('the consumer heard the first sync', async () => consumer.changes.length, (n) => n > seen);

    const engine = (await consumer.api.listEngines()).find((e) => e.name === ENGINE);
    assert.deepEqual({ kind: engine?.kind, endpoint: engine?.endpoint, lastError: engine?.lastError }, { kind: 'lxd', endpoint: lxdSocket, lastError: null });
    assert.ok(engine?.lastSyncAt && !Number.isNaN(Date.parse(engine.lastSyncAt)));
    assert.equal(JSON.stringify(engine).includes('clientKey'), false);

    const containers = await consumer.api.listContainers({ engine: ENGINE });
    assert.equal(containers.length, sync.counts.instances);
    for (const name of ['ct-direct', 'ct-layered', 'ct-plain', 'ct-web']) assert.ok(containers.some((c) => c.name === name), name);
    assert.deepEqual(containers.find((c) => c.name === 'ct-web')?.profiles, ['default', 'web']);
    assert.ok((await consumer.api.listContainers()).length >= 4);

    const layered = await consumer.api.getContainer(ENGINE, 'ct-layered');
    assert.deepEqual(layered?.effectiveConfig['limits.memory'], { value: '256MB', origin: 'profile web' });
    assert.equal(await consumer.api.getContainer(ENGINE, 'no-such'), undefined);

    const onBridge = await consumer.api.containersUsing({ network: bridge, engine: ENGINE });
    assert.deepEqual(onBridge.map((r) => r.name).sort(), ['ct-direct', 'ct-layered', 'ct-web']);
    const webUsers = (await consumer.api.containersUsing({ profile: 'web', engine: ENGINE })).map((r) => r.name);
    assert.ok(webUsers.includes('ct-layered') && webUsers.includes('ct-web') && !webUsers.includes('ct-plain'), JSON.stringify(webUsers));
  });

  it('rejects bad calls with the reason, and a cancelled sync', async () => {
    await assert.rejects(consumer.api.syncEngine('no-such-engine'), /No engine named "no-such-engine"/);
    await assert.rejects(consumer.api.containersUsing({} as never), /exactly one of network, profile, volume or image/);
    await assert.rejects(consumer.api.containersUsing({ profile: 'web' } as never), /give its engine/);
    await assert.rejects(consumer.api.changeContainerState(ENGINE, 'ct-plain', 'explode' as never), /start, stop or restart/);
    const cts = new vscode.CancellationTokenSource();
    cts.cancel();
    await assert.rejects(consumer.api.syncEngine(ENGINE, cts.token), (e: Error) => /cancel|abort/i.test(`${e.name} ${e.message}`));
  });

  it('starts and stops a container, as LXD itself then reports', async () => {
    const status = async (): Promise<string> => (await lxcQuery<{ status: string }>('/1.0/instances/ct-plain')).status;
    await consumer.api.changeContainerState(ENGINE, 'ct-plain', 'start');
    assert.equal(await status(), 'Running');
    await consumer.api.changeContainerState(ENGINE, 'ct-plain', 'stop', { force: true });
    assert.equal(await status(), 'Stopped');
    await assert.rejects(consumer.api.changeContainerState(ENGINE, 'no-such', 'start'), /not found|no-such/i);
  });

  it('lists registries without any secret, and image sources and local images after a refresh', async () => {
    const peer = registryPeer();
    const added = await vscode.commands.executeCommand<{ id: string }>(CommandIds.registriesAdd, { name: 'API registry', url: peer.basic });
    registryId = added.id;
    await vscode.commands.executeCommand(CommandIds.registriesLogin, { id: registryId, username: peer.user, password: peer.password });
    const listed = (await consumer.api.listRegistries()).find((r) => r.id === registryId);
    assert.deepEqual({ name: listed?.name, url: listed?.url, loggedIn: listed?.loggedIn, username: listed?.username }, { name: 'API registry', url: peer.basic, loggedIn: true, username: peer.user });
    assert.equal(JSON.stringify(await consumer.api.listRegistries()).includes(peer.password), false);

    const outcomes = await consumer.api.refreshImageSources({ force: true });
    assert.ok(['updated', 'unchanged'].includes(outcomes.find((o) => o.type === 'Incus')?.status ?? ''), JSON.stringify(outcomes));
    const sources = await consumer.api.listImageSources();
    assert.ok(sources.some((s) => s.type === 'Incus' && s.distribution === 'alpine'), JSON.stringify(sources.slice(0, 3)));
    assert.ok(sources.every((s) => Array.isArray(s.tags)));
    assert.ok(Array.isArray(await consumer.api.listLocalImages()));
  });
});
