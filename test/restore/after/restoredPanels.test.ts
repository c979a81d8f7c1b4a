import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds } from '../../../src/providers/platform/ids';
import type { ContainerView } from '../../../src/webviews/container/protocol';
import type { RegistryView } from '../../../src/webviews/registry/protocol';
import { queryPage } from '../../integration/support/page';
import { screenshot } from '../../integration/support/screenshot';
import { eventually, panelsInfo, waitForText, waitInPanel, WEBVIEW } from '../../integration/panels/panelDriver';
import { loadExpectations } from '../expectations';

describe('restore after a window reload: after the reload @page', function () {
  this.timeout(180_000);
  const expected = loadExpectations();

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: expected.registry.id, skipConfirmation: true });
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: expected.engine, confirmed: true });
  });

  it('brings back the active panel through its serializer, keyed by the object id, on the tab it was on', async () => {
    // Nothing in this host opened it: the workbench restored it and activated the extension for it.
    const open = await eventually('the container panel restored', panelsInfo, (p) => p.some((x) => x.kind === 'container' && x.view !== undefined), 60_000);
    const container = open.find((p) => p.kind === 'container');
    assert.equal(container?.id, expected.container.id);
    assert.equal((container?.view as ContainerView).name, expected.container.name);
    await waitInPanel('vscode-tabs#tabs');
    await waitForText('h1', new RegExp(expected.container.name));
    const tab = await eventually('the tab from webview state', () => queryPage(`vscode-tab-panel[data-tab="${expected.container.tabIndex}"]`, WEBVIEW), (e) => e[0]?.visible === true);
    assert.equal(tab[0].visible, true, `the ${expected.container.tab} tab is not the one shown`);
    assert.equal(container?.counters.cspViolations, 0);
    await screenshot('restored-container-panel');
  });

  it('brings back the background panel when its tab is shown, with the unsaved edit from webview state', async () => {
    // VS Code revives a background webview editor only once it is shown. The registry panel was opened first.
    await vscode.commands.executeCommand('workbench.action.openEditorAtIndex1');
    const open = await eventually('the registry panel restored', panelsInfo, (p) => p.some((x) => x.kind === 'registry' && x.view !== undefined), 60_000);
    assert.deepEqual(open.map((p) => `${p.kind} ${p.id}`).sort(), [`container ${expected.container.id}`, `registry ${expected.registry.id}`]);
    await waitInPanel('vscode-textfield#name');
    const field = await eventually('the draft is back', () => queryPage('vscode-textfield#name input', WEBVIEW), (e) => e[0]?.value === expected.registry.draftName);
    assert.equal(field[0].value, expected.registry.draftName);
    // The password typed into the address did not survive in webview state; the rest of the draft did.
    assert.equal((await queryPage('vscode-textfield#url input', WEBVIEW))[0]?.value, expected.registry.restoredUrl);
    // The draft lived only in the page's state: the catalog still has the saved name.
    const registry = open.find((p) => p.kind === 'registry')?.view as RegistryView;
    assert.equal(registry.name, expected.registry.name);
    await screenshot('restored-registry-panel');
  });

  it('closes a restored panel whose object is gone, with a message', async () => {
    // Removed while its tab was never shown in this host, so its panel has not been revived yet.
    assert.ok(!(await panelsInfo()).some((p) => p.id === expected.removed.id), 'the background panel was revived before its tab was shown');
    await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: expected.removed.id, skipConfirmation: true });
    await vscode.commands.executeCommand('workbench.action.openEditorAtIndex2');
    const toasts = await eventually(
      'the "no longer exists" notification',
      async () => (await queryPage('.notification-list-item-message')).map((e) => e.text),
      (t) => t.some((x) => /no longer exists/.test(x)),
      30_000,
    );
    assert.ok(toasts.some((x) => x.includes(expected.removed.name)), `the message names the object: ${JSON.stringify(toasts)}`);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    assert.ok(!tabs.some((t) => t.includes(expected.removed.name)), `its tab is still open: ${JSON.stringify(tabs)}`);
    assert.ok(!(await panelsInfo()).some((p) => p.id === expected.removed.id));
    await waitInPanel('vscode-textfield#name');
    await screenshot('restore-removed-object');
  });

  it('opening the same object again reveals the restored panel instead of a second one', async () => {
    await vscode.commands.executeCommand(CommandIds.containersOpenDetails, { id: expected.container.id });
    await vscode.commands.executeCommand(CommandIds.registriesOpenDetails, { id: expected.registry.id });
    assert.deepEqual((await panelsInfo()).map((p) => p.kind).sort(), ['container', 'registry']);
  });
});
