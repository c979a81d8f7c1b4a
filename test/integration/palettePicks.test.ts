import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ContainerRef } from '../../src/containers/usedBy';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { pageRequest, queryPage, waitForSelector } from './support/page';
import { screenshot } from './support/screenshot';
import { chooseInQuickPick } from './panels/panelDriver';
import { need } from './support/peerEnv';
import { registryPeer, type RegistryPeer } from '../unit/registries/registryPeer';

const TITLE = '.quick-input-widget .quick-input-title';
const items = async (): Promise<string[]> => (await queryPage('.quick-input-list .monaco-list-row')).filter((r) => r.visible).map((r) => r.ariaLabel ?? r.text);

describe('palette flows pick from the catalog @page', function () {
  this.timeout(120_000);
  const lxdSocket = need('CC_LXD_SOCKET');
  const bridge = need('CC_LXD_BRIDGE');
  const alias = need('CC_LXD_IMAGE_ALIAS');
  let peer: RegistryPeer;
  let registryId = '';

  before(async () => {
    peer = registryPeer();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: lxdSocket, name: 'lxd' });
    registryId = (await vscode.commands.executeCommand<{ id: string }>(CommandIds.registriesAdd, { name: 'pick-anon', url: `http://${peer.anon}/` })).id;
  });

  after(async () => {
    await pageRequest({ op: 'press', key: 'Escape' }).catch(() => undefined);
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'lxd', confirmed: true });
    if (registryId) await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: registryId, skipConfirmation: true });
  });

  it('"Find Containers Using…" offers the networks and images the catalog knows, then lists their containers', async () => {
    const byNetwork = vscode.commands.executeCommand<ContainerRef[]>(CommandIds.containersFindUsing);
    await waitForSelector(`${TITLE}:has-text("Find Containers Using…")`);
    await chooseInQuickPick('network');
    await waitForSelector(`${TITLE}:has-text("Find Containers Using: network")`);
    const networks = await items();
    assert.ok(networks.some((n) => n.includes(bridge)), `the bridge is offered: ${JSON.stringify(networks)}`);
    await screenshot('find-using-networks');
    await chooseInQuickPick(bridge);
    // The result: a pick of the containers using it (Escape leaves it; the command resolves with them).
    await waitForSelector(`.quick-input-widget .quick-input-list .monaco-list-row:has-text("ct-web")`);
    await pageRequest({ op: 'press', key: 'Escape' });
    assert.deepEqual((await byNetwork)?.map((r) => r.name), ['ct-direct', 'ct-layered', 'ct-web']);

    const byImage = vscode.commands.executeCommand<ContainerRef[]>(CommandIds.containersFindUsing);
    await waitForSelector(`${TITLE}:has-text("Find Containers Using…")`);
    await chooseInQuickPick('image');
    await waitForSelector(`${TITLE}:has-text("Find Containers Using: image")`);
    await chooseInQuickPick(alias);
    await waitForSelector('.quick-input-widget .quick-input-list .monaco-list-row:has-text("ct-")');
    await pageRequest({ op: 'press', key: 'Escape' });
    const users = await byImage;
    assert.ok(users && users.length > 0 && users.every((u) => u.engine === 'lxd'), JSON.stringify(users));
  });

  it('"Copy Reference" picks registry → repository → tag and copies host/repository:tag', async () => {
    const copied = vscode.commands.executeCommand<string>(CommandIds.registriesCopyReference);
    await waitForSelector(`${TITLE}:has-text("Copy Reference (1/3)")`);
    await chooseInQuickPick('pick-anon');
    await waitForSelector(`${TITLE}:has-text("Copy Reference (2/3)")`);
    await chooseInQuickPick('library/busybox');
    await waitForSelector(`${TITLE}:has-text("Copy Reference (3/3)")`);
    const tags = await items();
    assert.ok(tags.some((t) => t.includes('1.10')), JSON.stringify(tags));
    await screenshot('copy-reference-tags');
    await chooseInQuickPick('1.10');
    assert.equal(await copied, `${peer.anon}/library/busybox:1.10`);
    assert.equal(await vscode.env.clipboard.readText(), `${peer.anon}/library/busybox:1.10`);
  });
});
