import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, VIEW_CONTAINER_ID, ViewQueryCommandIds as Q, viewQueryCommand } from '../../../src/providers/platform/ids';
import { eventually } from '../../integration/panels/panelDriver';
import { KEPT_DESCRIPTIONS, viewDescriptions } from '../viewDescription';

describe('restore after a window reload: view filters after the reload @page', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
  });

  it('brings back each view\'s filter, sort and grouping, shown in its description; clear forgets them', async () => {
    const kept = await eventually('the kept descriptions', viewDescriptions, (d) => JSON.stringify(d) === JSON.stringify(KEPT_DESCRIPTIONS));
    assert.deepEqual(kept, KEPT_DESCRIPTIONS);
    // The kept query is the one the commands continue from.
    assert.deepEqual(await vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'filter'), { text: 'ct-p' }), { text: 'ct-p', sort: 'created', group: 'engine' });
    for (const key of ['containers', 'registries', 'imageSources'] as const) await vscode.commands.executeCommand(viewQueryCommand(Q[key], 'clear'));
    assert.deepEqual(await eventually('no descriptions after clearing', viewDescriptions, (d) => d.every((x) => x === '')), ['', '', '']);
  });
});
