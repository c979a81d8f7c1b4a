import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, VIEW_CONTAINER_ID, ViewQueryCommandIds as Q, viewQueryCommand } from '../../../src/providers/platform/ids';
import { eventually } from '../../integration/panels/panelDriver';
import { KEPT_DESCRIPTIONS, viewDescriptions } from '../viewDescription';

describe('restore after a window reload: view filters before the reload @page', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
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
