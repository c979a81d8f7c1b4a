import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, ImageCommandIds as C, VIEW_CONTAINER_ID } from '../../../src/providers/platform/ids';
import { podmanPeer } from '../../unit/containers/enginePeers';
import { lxc, lxcQuery } from '../support/lxc';
import { clickIn, fillIn, pageRequest, queryPage, waitForSelector } from '../support/page';
import { need } from '../support/peerEnv';
import { screenshot } from '../support/screenshot';
import { arrangeViews, paneOf } from '../support/views';
import { launchFromMenu, launchPanel, selectedInContainers, settle, shootBothThemes } from './launchDriver';
import { setTheme, waitForText, WEBVIEW } from './panelDriver';

describe('Launch panel: from a downloaded local image (Image Sources, Local images), imported and launched on LXD in one step @page', function () {
  this.timeout(300_000);
  const name = 'ui-local-launch';
  let imported: { localImageId: string; imageSourceId: string } | undefined;
  let restoreViews: () => Promise<void> = async () => undefined;
  const cleanLxd = async (): Promise<void> => {
    await lxc('delete', '-f', name).catch(() => undefined);
    await lxc('image', 'delete', 'debian-12').catch(() => undefined);
  };

  before(async () => {
    await cleanLxd();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: 'lxd' });
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'podman', endpoint: podmanPeer().socket, name: 'podman' });
    imported = await vscode.commands.executeCommand(C.importTarball, { path: join(need('CC_SIMPLESTREAMS_ROOT'), 'files/uri/plain-debian-12.rootfs.tar.xz') });
  });

  after(async () => {
    await pageRequest({ op: 'press', key: 'Escape' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setTheme('Default Dark Modern');
    if (imported) {
      await vscode.commands.executeCommand(C.deleteSource, { sourceId: imported.imageSourceId, confirmed: true });
      await vscode.commands.executeCommand(C.deleteLocal, { localImageId: imported.localImageId, confirmed: true });
    }
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'lxd', confirmed: true });
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'podman', confirmed: true });
    await cleanLxd();
    await restoreViews();
  });

  it('Launch… on the debian 12 row offers LXD and Podman with the import name; Import and launch makes the image and the instance, selected; it holds that rootfs', async () => {
    restoreViews = await arrangeViews({ 'Image Sources': true, Registries: false, Containers: true });
    const pane = paneOf('Image Sources');
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.imageSources.collapseAll');
    await settle();
    const group = `${pane} .monaco-list-row[aria-level="1"][aria-label^="Local images"]`;
    await pageRequest({ op: 'click', selector: group });
    await settle();
    if ((await queryPage(`${group}[aria-expanded="false"]`)).some((r) => r.visible)) await pageRequest({ op: 'press', key: 'ArrowRight' });
    const row = `${pane} .monaco-list-row[aria-level="2"][aria-label^="debian 12"]`;
    await waitForSelector(row);
    await pageRequest({ op: 'press', key: 'ArrowDown' });
    await waitForSelector(`${row}.focused`);
    await launchFromMenu('launch-panel-local-image-menu');

    const p = await launchPanel();
    assert.equal(p.view.source.kind, 'localImage');
    assert.deepEqual(p.view.engines.map((e) => `${e.name} ${e.kind}`).sort(), ['lxd lxd', 'podman podman']);
    await clickIn('vscode-button#engine-lxd', WEBVIEW);
    await waitForText('#import-as', /first into lxd as debian-12 \(the image stays there\)/);
    await fillIn('vscode-textfield#name input', name, WEBVIEW);
    // The rootfs has no init to start: create it only.
    await clickIn('vscode-checkbox#start', WEBVIEW);
    assert.equal((await queryPage('vscode-button#launch', WEBVIEW))[0]?.text.trim(), 'Import and launch');
    await shootBothThemes('launch-panel-local-image');
    await clickIn('vscode-button#launch', WEBVIEW);

    await selectedInContainers(name);
    await waitForText('.banner.info', /was created on lxd; it is selected/);
    await screenshot('launch-panel-local-image-done');
    const alias = await lxcQuery<{ target: string }>('/1.0/images/aliases/debian-12');
    assert.equal((await lxcQuery<{ config: Record<string, string> }>(`/1.0/instances/${name}`)).config['volatile.base_image'], alias.target);
    assert.equal((await lxc('file', 'pull', `${name}/etc/cc-image`, '-')).trim(), 'plain');
    assert.equal((await launchPanel()).counters.cspViolations, 0);
  });
});
