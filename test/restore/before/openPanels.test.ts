import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID } from '../../../src/providers/platform/ids';
import type { ContainerView } from '../../../src/webviews/container/protocol';
import type { RegistryView } from '../../../src/webviews/registry/protocol';
import { clickIn, fillIn, queryPage } from '../../integration/support/page';
import { chooseInQuickPick, eventually, panelsInfo, waitInPanel, WEBVIEW } from '../../integration/panels/panelDriver';
import { saveExpectations } from '../expectations';
import { need } from '../../integration/support/peerEnv';

const ENGINE = 'lxd-restore';
const REGISTRY = 'Restore test registry';
const REMOVED = 'Restore test registry, removed while the window reloads';
const TAB = 'Effective config';
const TAB_INDEX = 5;

describe('restore after a window reload: before the reload @page', function () {
  this.timeout(180_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  it('opens a registry panel with an unsaved edit, a second registry panel and a container panel on its Effective config tab', async () => {
    const url = need('CC_REGISTRY_ANON');
    const registry = await vscode.commands.executeCommand<{ id: string } | undefined>(CommandIds.registriesAdd, { name: REGISTRY, url });
    assert.ok(registry, 'the registry was not added');
    await vscode.commands.executeCommand(CommandIds.registriesOpenDetails, { id: registry.id });
    await waitInPanel('vscode-textfield#name');
    const draftName = `${REGISTRY} (unsaved edit)`;
    await fillIn('vscode-textfield#name input', draftName, WEBVIEW);
    const typed = await queryPage('vscode-textfield#name input', WEBVIEW);
    assert.equal(typed[0]?.value, draftName);
    // An address typed with a password in it: the page may show it while typing, but webview state (which
    // VS Code writes to disk) keeps it without the user:password@ part.
    const host = url.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
    const draftUrl = `http://someone:hunter2-secret@${host}/`;
    const restoredUrl = `http://${host}/`;
    await fillIn('vscode-textfield#url input', draftUrl, WEBVIEW);
    assert.equal((await queryPage('vscode-textfield#url input', WEBVIEW))[0]?.value, draftUrl);

    // A second registry in the next tab: the host after the reload removes it before showing its tab.
    const removed = await vscode.commands.executeCommand<{ id: string } | undefined>(CommandIds.registriesAdd, { name: REMOVED, url: need('CC_REGISTRY_DOWN') });
    assert.ok(removed, 'the second registry was not added');
    await vscode.commands.executeCommand(CommandIds.registriesOpenDetails, { id: removed.id });
    await eventually('its panel', panelsInfo, (p) => p.some((x) => x.id === removed.id && x.view !== undefined));

    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: ENGINE });
    await vscode.commands.executeCommand(CommandIds.enginesSync, { engine: ENGINE });
    const container = need('CC_LXD_CONTAINERS').split(' ')[0];
    const opening = vscode.commands.executeCommand(CommandIds.containersOpenDetails);
    await chooseInQuickPick(container);
    await opening;
    await waitInPanel('vscode-tabs#tabs');
    await clickIn(`vscode-tab-header[data-tab="${TAB_INDEX}"]`, WEBVIEW);
    await eventually('the tab shows', () => queryPage(`vscode-tab-panel[data-tab="${TAB_INDEX}"]`, WEBVIEW), (e) => e[0]?.visible === true);

    const open = await panelsInfo();
    assert.deepEqual(open.map((p) => p.kind).sort(), ['container', 'registry', 'registry']);
    const r = open.find((p) => p.id === registry.id)?.view as RegistryView;
    const c = open.find((p) => p.kind === 'container')?.view as ContainerView;
    assert.equal(r.name, REGISTRY, 'the unsaved edit reached the catalog');
    saveExpectations({
      registry: { id: registry.id, name: REGISTRY, url, draftName, draftUrl, restoredUrl },
      container: { id: c.id, name: c.name, tab: TAB, tabIndex: TAB_INDEX },
      removed: { id: removed.id, name: REMOVED },
      engine: ENGINE,
    });
  });
});
