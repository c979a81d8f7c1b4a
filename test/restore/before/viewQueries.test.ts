import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, VIEW_CONTAINER_ID, ViewQueryCommandIds as Q, viewQueryCommand } from '../../../src/providers/platform/ids';
import { eventually } from '../../integration/panels/panelDriver';
import { KEPT_DESCRIPTIONS, viewDescriptions } from '../viewDescription';
import { queryPage } from '../../integration/support/page';

describe('restore after a window reload: view filters before the reload @page', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
  });

  it("in a workspace that kept no query, the views follow the settings' defaults at once, and back", async () => {
    const settings = (view: string): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration(`containerCatalog.views.${view}`);
    const G = vscode.ConfigurationTarget.Global;
    await settings('containers').update('group', 'state', G);
    await settings('containers').update('sort', 'created', G);
    await settings('registries').update('filter', { login: 'not logged in' }, G);
    await settings('registries').update('group', 'login', G);
    await settings('imageSources').update('group', 'distribution', G);
    const expected = ['by state · sorted by created', 'filtered: not logged in · by login', 'by distribution'];
    assert.deepEqual(await eventually('the defaults in the descriptions', viewDescriptions, (d) => JSON.stringify(d) === JSON.stringify(expected)), expected);
    // The Registries view's rows follow too: the seeded registries (none logged in) under one login group.
    const registryRows = async (): Promise<string[]> =>
      (await queryPage('.pane:has(> .pane-header[aria-label^="Registries"]) .monaco-list-row[aria-level="1"]')).filter((r) => r.visible).map((r) => r.text.replace(/\s+/g, ' ').trim());
    const grouped = await eventually('one "not logged in" group', registryRows, (r) => r.length === 1 && r[0].startsWith('not logged in'));
    assert.equal(grouped.length, 1);
    for (const [view, keys] of [['containers', ['group', 'sort']], ['registries', ['filter', 'group']], ['imageSources', ['group']]] as const) {
      for (const k of keys) await settings(view).update(k, undefined, G);
    }
    assert.deepEqual(await eventually('the descriptions cleared', viewDescriptions, (d) => d.every((x) => x === '')), ['', '', '']);
    await eventually('the registries flat again', registryRows, (r) => r.length > 1 && !r.some((x) => x.startsWith('not logged in')));
  });

  it('sets a filter, sort and grouping on each view (kept in the workspace state)', async () => {
    await vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'filter'), { text: 'ct-' });
    await vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'sort'), { sort: 'created' });
    await vscode.commands.executeCommand(viewQueryCommand(Q.registries, 'group'), { group: 'login' });
    await vscode.commands.executeCommand(viewQueryCommand(Q.imageSources, 'sort'), { sort: 'updated' });
    await vscode.commands.executeCommand(viewQueryCommand(Q.imageSources, 'group'), { group: 'distribution' });
    const shown = await eventually('the descriptions', viewDescriptions, (d) => JSON.stringify(d) === JSON.stringify(KEPT_DESCRIPTIONS));
    assert.deepEqual(shown, KEPT_DESCRIPTIONS);
  });
});
