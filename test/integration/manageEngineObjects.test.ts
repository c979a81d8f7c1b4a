import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { lxc, lxcQuery } from './support/lxc';
import { pageRequest, queryPage, waitForSelector } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';

const PANE = '.pane:has(> .pane-header[aria-label^="Containers"][aria-label$=" Section"])';
const MENU = '.context-view .action-item';
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 800));
const exists = async (path: string): Promise<boolean> => lxcQuery(path).then(() => true, () => false);

describe('Manage what LXD holds from the Containers view: delete shows the used-by answer first; create, publish, copy, rename @page', function () {
  this.timeout(180_000);
  const bridge = need('CC_LXD_BRIDGE');
  const clean = async (): Promise<void> => {
    for (const n of ['ui-copy', 'ui-renamed']) await lxc('delete', '-f', n).catch(() => undefined);
    await lxc('image', 'delete', 'ui-published').catch(() => undefined);
    await lxc('network', 'delete', 'uinet0').catch(() => undefined);
  };

  before(async () => {
    await clean();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: 'lxd' });
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
  });
  after(async () => {
    await pageRequest({ op: 'press', key: 'Escape' });
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'lxd', confirmed: true });
    await clean();
  });

  it('Delete Network… is on the network\'s menu; on the used peer bridge it names the containers using it and deletes nothing', async () => {
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.containers.collapseAll');
    await settle();
    const engine = `${PANE} .monaco-list-row[aria-level="1"]:has-text("lxd")`;
    await pageRequest({ op: 'click', selector: engine });
    await settle();
    if ((await queryPage(`${engine}[aria-expanded="false"]`)).some((r) => r.visible)) await pageRequest({ op: 'press', key: 'ArrowRight' });
    const networks = `${PANE} .monaco-list-row[aria-level="2"]:has-text("Networks")`;
    await waitForSelector(networks);
    await pageRequest({ op: 'click', selector: networks });
    await settle();
    if ((await queryPage(`${networks}[aria-expanded="false"]`)).some((r) => r.visible)) await pageRequest({ op: 'press', key: 'ArrowRight' });
    const row = `${PANE} .monaco-list-row[aria-level="3"]:has-text("${bridge}")`;
    await waitForSelector(row);
    // By keyboard down to the network (a click on it would open its panel).
    for (let i = 0; i < 5 && !(await queryPage(`${row}.focused`)).length; i++) await pageRequest({ op: 'press', key: 'ArrowDown' });
    await waitForSelector(`${row}.focused`);
    await pageRequest({ op: 'press', key: 'Shift+F10' });
    const item = `${MENU}:has-text("Delete Network…")`;
    await waitForSelector(item);
    await screenshot('delete-network-menu');
    await pageRequest({ op: 'press', key: 'Escape' });
    // The menu passes the row's node. The modal that answers first is refused by the test workbench, which
    // hands back its text: the used-by answer, shown before (instead of) any delete.
    const node = { type: 'network', id: `test:${bridge}`, engine: 'lxd', engineId: 0, name: bridge, description: '' };
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(CommandIds.networksDelete, node)),
      (e: Error) => new RegExp(`The network ${bridge} is used by ct-.*Remove it from them before deleting it`).test(e.message),
    );
    assert.ok(await exists(`/1.0/networks/${bridge}`));
  });

  it('with argument objects: creates and deletes a network; an unknown key is refused', async () => {
    assert.equal(await vscode.commands.executeCommand(CommandIds.networksCreate, { engine: 'lxd', name: 'uinet0', config: ['ipv4.address=none', 'ipv6.address=none'] }), true);
    assert.ok(await exists('/1.0/networks/uinet0'));
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.networksDelete, { engine: 'lxd', name: 'uinet0', colour: 'red' })), /unknown key "colour"/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.networksDelete, { engine: 'lxd', name: bridge, confirmed: true })), /is used by/);
    assert.equal(await vscode.commands.executeCommand(CommandIds.networksDelete, { engine: 'lxd', name: 'uinet0', confirmed: true }), true);
    assert.ok(!(await exists('/1.0/networks/uinet0')));
  });

  it('publishes ct-plain with an alias, copies it and renames the copy; the renamed row is selected', async () => {
    const fingerprint = await vscode.commands.executeCommand<string>(CommandIds.containersPublish, { engine: 'lxd', container: 'ct-plain', alias: 'ui-published' });
    assert.equal((await lxcQuery<{ target: string }>('/1.0/images/aliases/ui-published')).target, fingerprint);
    assert.equal(await vscode.commands.executeCommand(CommandIds.containersCopy, { engine: 'lxd', container: 'ct-plain', target: 'ui-copy' }), true);
    assert.equal(await vscode.commands.executeCommand(CommandIds.containersRename, { engine: 'lxd', container: 'ui-copy', newName: 'ui-renamed' }), true);
    await waitForSelector(`${PANE} .monaco-list-row.selected:has-text("ui-renamed")`, undefined, 30_000);
    await screenshot('rename-container-selected', '#workbench\\.parts\\.sidebar');
    assert.ok(await exists('/1.0/instances/ui-renamed'));
    assert.ok(!(await exists('/1.0/instances/ui-copy')));
  });
});
