import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../../src/providers/platform/ids';
import { lxc, lxcQuery } from '../support/lxc';
import { clickIn, fillIn, pageRequest, queryPage, waitForSelector } from '../support/page';
import { need } from '../support/peerEnv';
import { screenshot } from '../support/screenshot';
import { arrangeViews, paneOf } from '../support/views';
import { expand, focusRow, launchFromMenu, launchPanel, selectedInContainers, settle, shootBothThemes } from './launchDriver';
import { chooseInQuickPick, eventually, setTheme, waitForText, WEBVIEW } from './panelDriver';

describe('Launch panel: from an image an LXD engine holds (Containers view, Images) to the new container selected @page', function () {
  this.timeout(300_000);
  const name = 'ui-image-launch';
  const alias = need('CC_LXD_IMAGE_ALIAS');
  let restoreViews: () => Promise<void> = async () => undefined;

  before(async () => {
    await lxc('delete', '-f', name).catch(() => undefined);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: 'lxd' });
  });

  after(async () => {
    await pageRequest({ op: 'press', key: 'Escape' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setTheme('Default Dark Modern');
    await lxc('delete', '-f', name).catch(() => undefined);
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'lxd', confirmed: true });
    await restoreViews();
  });

  it(`the ${alias} image row's Launch… opens the panel for that engine only; created from its fingerprint, the instance is selected and in lxc list`, async () => {
    restoreViews = await arrangeViews({ 'Image Sources': false, Registries: false, Containers: true });
    const pane = paneOf('Containers');
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.containers.collapseAll');
    await settle();
    await expand(`${pane} .monaco-list-row[aria-level="1"]:has-text("lxd")`);
    await expand(`${pane} .monaco-list-row[aria-level="2"]:has-text("Images")`);
    await focusRow(`${pane} .monaco-list-row[aria-level="3"]:has-text("${alias}")`);
    await launchFromMenu('launch-panel-engine-image-menu');

    const p = await launchPanel();
    const fingerprint = (await lxcQuery<{ target: string }>(`/1.0/images/aliases/${alias}`)).target;
    assert.match(p.id, new RegExp(`^image:\\d+/${fingerprint}$`));
    assert.equal(p.view.source.kind, 'engineImage');
    assert.deepEqual(p.view.engines.map((e) => `${e.name} ${e.kind}`), ['lxd lxd'], 'only the engine that holds the image');
    assert.match((await queryPage('#engine-only', WEBVIEW))[0]?.text ?? '', /^lxd \(lxd\) · it holds the image$/);
    assert.deepEqual(await queryPage('vscode-button[id^="engine-"]', WEBVIEW), [], 'no choice of one engine');
    assert.equal((await queryPage('#image', WEBVIEW))[0]?.text, fingerprint.slice(0, 12));
    await fillIn('vscode-textfield#name input', name, WEBVIEW);
    await fillIn('vscode-textfield#profiles input', 'default, limits', WEBVIEW);
    // The peer's image has no init to start: create it only.
    await clickIn('vscode-checkbox#start', WEBVIEW);
    await shootBothThemes('launch-panel-engine-image');
    await clickIn('vscode-button#launch', WEBVIEW);

    await selectedInContainers(name);
    await waitForText('.banner.info', /was created on lxd; it is selected/);
    await screenshot('launch-panel-engine-image-done');
    assert.match(await lxc('list', '--format', 'csv', '-c', 'ns', name), new RegExp(`^${name},STOPPED`, 'm'));
    const i = await lxcQuery<{ profiles: string[]; config: Record<string, string> }>(`/1.0/instances/${name}`);
    assert.equal(i.config['volatile.base_image'], fingerprint, 'made from the image the row showed');
    assert.deepEqual(i.profiles, ['default', 'limits']);
    assert.equal((await launchPanel()).counters.cspViolations, 0);
  });

  it('from the palette, Launch… lists the images the engines hold; picking one opens its panel for that engine', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const opened = vscode.commands.executeCommand(CommandIds.containersOpenLaunchPanel);
    await waitForSelector('.quick-input-widget .monaco-list-row:has-text("Images the engines hold")');
    await screenshot('launch-panel-palette-pick');
    await chooseInQuickPick(alias);
    await opened;
    const p = await eventually('the launch panel loaded', launchPanel, (x) => x.view !== undefined);
    assert.equal(p.view.source.kind, 'engineImage');
    assert.deepEqual(p.view.engines.map((e) => e.name), ['lxd']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the commands called by code with an engine image or a local image reject unclear arguments with a clear error', async () => {
    const fp = (await lxcQuery<{ target: string }>(`/1.0/images/aliases/${alias}`)).target;
    const call = (id: string, arg: unknown): Promise<unknown> => Promise.resolve(vscode.commands.executeCommand(id, arg));
    await assert.rejects(call(CommandIds.containersLaunchImageSource, { engine: 'lxd', sourceId: 'x', image: fp, name: 'n1' }), /exactly one of "sourceId", "image".*"localImageId"/);
    await assert.rejects(call(CommandIds.containersLaunchImageSource, { image: fp, name: 'n1' }), /"engine" is required with "image" or "localImageId"/);
    await assert.rejects(call(CommandIds.containersLaunchImageSource, { engine: 'lxd', localImageId: 'no-such', name: 'n1' }), /no local image no-such/);
    await assert.rejects(call(CommandIds.containersLaunchImageSource, { engine: 'lxd', image: fp, name: 'n1', certificateFile: '/tmp/x.pem' }), /"certificateFile" goes with "sourceId"/);
    await assert.rejects(call(CommandIds.containersRunRegistryTag, { engine: 'lxd', image: 'x', registry: 'r', name: 'n1' }), /replace "registry", "repository" and "tag"/);
    await assert.rejects(call(CommandIds.containersRunRegistryTag, { image: 'x', name: 'n1' }), /"engine" is required/);
    await assert.rejects(call(CommandIds.containersRunRegistryTag, { engine: 'lxd', image: 'x', localImageId: 'y', name: 'n1' }), /not both/);
    // Launched by code from the held image: the same path as the panel.
    const r = await vscode.commands.executeCommand<{ name: string; image: string }>(CommandIds.containersLaunchImageSource, { engine: 'lxd', image: fp, name: `${name}-2`, profiles: ['default'], start: false });
    try {
      assert.deepEqual([r?.name, r?.image], [`${name}-2`, fp]);
      assert.equal((await lxcQuery<{ config: Record<string, string> }>(`/1.0/instances/${name}-2`)).config['volatile.base_image'], fp);
    } finally {
      await lxc('delete', '-f', `${name}-2`).catch(() => undefined);
    }
  });
});
