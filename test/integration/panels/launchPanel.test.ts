import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, ImageCommandIds, VIEW_CONTAINER_ID } from '../../../src/providers/platform/ids';
import { podman, podmanPeer, type PodmanPeer } from '../../unit/containers/enginePeers';
import { registryPeer, type RegistryPeer } from '../../unit/registries/registryPeer';
import { lxc, lxcQuery } from '../support/lxc';
import { clickIn, fillIn, pageRequest, postFromWebview, queryPage, waitForSelector } from '../support/page';
import { need } from '../support/peerEnv';
import { screenshot } from '../support/screenshot';
import { arrangeViews, paneOf } from '../support/views';
import { expand, focusRow, launchFromMenu, launchPanel, selectedInContainers, settle, shootBothThemes } from './launchDriver';
import { eventually, setTheme, waitForText, WEBVIEW } from './panelDriver';

describe('Launch panel: from an image-source row and a registry tag through the form to the new container selected in the Containers view @page', function () {
  this.timeout(300_000);
  const server = `${need('CC_SIMPLESTREAMS_URL')}/ss`;
  const lxdName = 'ui-panel-launch';
  const podName = 'ui-panel-run';
  let reg: RegistryPeer;
  let pod: PodmanPeer;
  let restoreViews: () => Promise<void> = async () => undefined;
  const tryPodman = (args: string[]): void => {
    try {
      podman(pod, args);
    } catch {
      // absent already
    }
  };
  const cleanLxd = async (): Promise<void> => {
    await lxc('delete', '-f', lxdName).catch(() => undefined);
    for (const img of await lxcQuery<{ fingerprint: string; aliases: unknown[] }[]>('/1.0/images?recursion=1')) {
      if (!img.aliases.length) await lxc('image', 'delete', img.fingerprint);
    }
  };

  before(async () => {
    reg = registryPeer();
    pod = podmanPeer();
    tryPodman(['rm', '-f', podName]);
    tryPodman(['rmi', `${reg.anon}/team/alpha:1.0`]);
    await cleanLxd();
    await vscode.workspace.getConfiguration('containerCatalog.imageSources').update('simplestreamsServers', [server], vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: 'lxd' });
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'podman', endpoint: pod.socket, name: 'podman' });
    await vscode.commands.executeCommand(CommandIds.registriesAdd, { name: 'Launch test registry', url: reg.anon });
    await vscode.commands.executeCommand(ImageCommandIds.addSimplestreams, { url: server });
    await vscode.commands.executeCommand(ImageCommandIds.refresh, { type: 'Incus', force: true });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setTheme('Default Dark Modern');
    tryPodman(['rm', '-f', podName]);
    tryPodman(['rmi', `${reg.anon}/team/alpha:1.0`]);
    await cleanLxd();
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'lxd', confirmed: true });
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'podman', confirmed: true });
    await vscode.commands.executeCommand(CommandIds.registriesRemove, { url: reg.anon, skipConfirmation: true });
    await vscode.commands.executeCommand(ImageCommandIds.removeSimplestreams, { url: server });
    await restoreViews();
  });

  it('an alpine row of the simplestreams peer: Launch… opens the panel with only LXD; a start LXD refuses leaves nothing; created only with profiles in order, it is selected', async () => {
    restoreViews = await arrangeViews({ 'Image Sources': true, Registries: false, Containers: true });
    const pane = paneOf('Image Sources');
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.imageSources.collapseAll');
    await settle();
    await expand(`${pane} .monaco-list-row[aria-level="1"][aria-label^="Simplestreams"]`);
    await expand(`${pane} .monaco-list-row[aria-level="2"][aria-label^="alpine,"]`);
    await focusRow(`${pane} .monaco-list-row[aria-level="3"]:has-text("3.20"):has-text("amd64")`);
    await launchFromMenu('launch-panel-image-source-menu');

    const p = await launchPanel();
    assert.equal(p.view.source.kind, 'imageSource');
    assert.deepEqual(p.view.engines.map((e) => `${e.name} ${e.kind}`), ['lxd lxd'], 'only the LXD engine can take a simplestreams image');
    // One engine can take it: named as plain text, not a choice of one button.
    assert.match((await queryPage('#engine-only', WEBVIEW))[0]?.text ?? '', /^lxd \(lxd\) · the one LXD engine connected$/);
    assert.deepEqual(await queryPage('vscode-button[id^="engine-"]', WEBVIEW), []);
    await fillIn('vscode-textfield#name input', lxdName, WEBVIEW);
    await fillIn('vscode-textfield#profiles input', 'limits, default', WEBVIEW);
    await fillIn('vscode-textfield#config-0 input', 'user.launched-by=the panel', WEBVIEW);
    await shootBothThemes('launch-panel-image-source');
    // The peer's images hold no /sbin/init: LXD refuses the start, and the launch removes what it made.
    await clickIn('vscode-button#launch', WEBVIEW);
    await waitForText('.banner.error', /lxd refused: .*forkstart/, 120_000);
    await screenshot('launch-panel-image-source-start-refused');
    assert.ok(!(await lxc('list', '--format', 'csv', '-c', 'n')).split('\n').includes(lxdName), 'the failed launch left its instance behind');

    // Created only: the instance stays stopped.
    await clickIn('vscode-checkbox#start', WEBVIEW);
    await clickIn('vscode-button#launch', WEBVIEW);
    await selectedInContainers(lxdName);
    await waitForText('.banner.info', /was created on lxd; it is selected/);
    await screenshot('launch-panel-image-source-done');
    const i = await lxcQuery<{ profiles: string[]; status: string; config: Record<string, string> }>(`/1.0/instances/${lxdName}`);
    assert.deepEqual(i.profiles, ['limits', 'default'], 'the profiles in the order typed');
    assert.equal(i.status, 'Stopped');
    assert.equal(i.config['user.launched-by'], 'the panel');
    assert.equal(i.config['image.release'], '3.20');
    assert.match(await lxc('list', '--format', 'csv', '-c', 'ns', lxdName), new RegExp(`^${lxdName},STOPPED`, 'm'));
    assert.equal((await launchPanel()).counters.cspViolations, 0);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await restoreViews();
  });

  it('a registry tag: Launch… opens the panel with only Podman; a taken name is refused by the engine next to the name; then it runs with a port and env, selected', async () => {
    restoreViews = await arrangeViews({ 'Image Sources': false, Registries: true, Containers: true });
    const pane = paneOf('Registries');
    const row = (text: string): string => `${pane} .monaco-list-row:has-text("${text}")`;
    await pageRequest({ op: 'click', selector: row('Launch test registry') });
    await focusRow(row('team/alpha'));
    await pageRequest({ op: 'press', key: 'ArrowRight' });
    await waitForSelector(row('1.0'));
    await pageRequest({ op: 'press', key: 'ArrowDown' });
    await waitForSelector(`${row('1.0')}.focused`);
    await launchFromMenu('launch-panel-tag-menu');

    const p = await launchPanel();
    assert.equal(p.view.source.kind, 'registryTag');
    assert.deepEqual(p.view.engines.map((e) => `${e.name} ${e.kind}`), ['podman podman'], 'only the Podman engine can take a registry tag');
    assert.match((await queryPage('#engine-only', WEBVIEW))[0]?.text ?? '', /^podman \(podman\) · the one Podman or Docker engine connected$/);
    assert.match((await queryPage('#reference', WEBVIEW))[0]?.text ?? '', /team\/alpha:1\.0$/);

    // Inline first: a name no engine takes is shown when the field is left, before anything is sent.
    await fillIn('vscode-textfield#name input', '-nope', WEBVIEW);
    await clickIn('vscode-textfield#ports input', WEBVIEW);
    await waitForText('#name-error', /starts with a letter or digit/);

    // A name the rules allow but the engine has taken already: the engine's own refusal, next to the name.
    const taken = need('CC_PODMAN_CONTAINERS').split(' ')[0];
    await fillIn('vscode-textfield#name input', taken, WEBVIEW);
    await clickIn('vscode-button#launch', WEBVIEW);
    const refusal = await waitForText('#name-error', /already in use|exists/i, 120_000);
    assert.ok(refusal.includes(taken), refusal);
    await waitForText('.banner.error', /Nothing was created: see the message next to the field/);
    await shootBothThemes('launch-panel-tag-name-refused');

    const port = 20000 + Math.floor(Math.random() * 20000);
    await fillIn('vscode-textfield#name input', podName, WEBVIEW);
    await fillIn('vscode-textfield#ports input', `127.0.0.1:${port}:8080`, WEBVIEW);
    await fillIn('vscode-textfield#env-0 input', 'GREETING=hello from the panel', WEBVIEW);
    await fillIn('vscode-textfield#network input', pod.network, WEBVIEW);
    await clickIn('vscode-button#restart-unless-stopped', WEBVIEW);
    await waitForSelector('vscode-button#restart-unless-stopped[aria-pressed="true"]', WEBVIEW);
    await fillIn('vscode-textfield#command input', 'sh -c "sleep 600"', WEBVIEW);
    await screenshot('launch-panel-tag-filled');
    await clickIn('vscode-button#launch', WEBVIEW);

    await selectedInContainers(podName);
    await waitForText('.banner.info', /was created on podman and started/);
    await screenshot('launch-panel-tag-done');
    const i = JSON.parse(podman(pod, ['container', 'inspect', podName]))[0] as {
      Config: { Env: string[]; Cmd: string[] }; HostConfig: { PortBindings: Record<string, unknown>; RestartPolicy: { Name: string } }; State: { Running: boolean };
    };
    assert.ok(i.Config.Env.includes('GREETING=hello from the panel'), i.Config.Env.join(', '));
    assert.deepEqual(i.HostConfig.PortBindings['8080/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(port) }]);
    assert.equal(i.HostConfig.RestartPolicy.Name, 'unless-stopped');
    assert.deepEqual(i.Config.Cmd, ['sh', '-c', 'sleep 600']);
    assert.equal(i.State.Running, true);
  });

  it('refuses hostile messages from the page: nothing runs', async () => {
    const before = await launchPanel();
    const hostile: unknown[] = [
      { type: 'executeCommand', requestId: 1, command: 'containerCatalog.containers.runRegistryTag' },
      { type: 'launch', requestId: 2, engine: 'podman', name: 'x' },
      { type: 'launch', requestId: 3, engine: 'podman', name: 'evil', profiles: '', config: [], target: '', certificateFile: '', ports: '', env: [], volumes: '', network: '', restart: '', command: '', start: 'yes' },
      { type: 'launch', requestId: 4, engine: 'podman', name: 'evil', profiles: '', config: [], target: '', certificateFile: '', ports: '', env: [], volumes: '', network: '', restart: '', command: '', start: true, registry: 'another' },
      null,
    ];
    for (const m of hostile) await postFromWebview(m);
    const after = await eventually('rejections counted', launchPanel, (x) => x.counters.rejected >= before.counters.rejected + hostile.length);
    assert.equal(after.counters.accepted, before.counters.accepted, 'a hostile message was accepted');
    assert.throws(() => podman(pod, ['container', 'inspect', 'evil']));
  });
});
