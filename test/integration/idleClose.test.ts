import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { pageRequest, waitForSelector } from './support/page';
import { screenshot } from './support/screenshot';
import { paneOf } from './support/views';

interface IdleInfo { open: boolean; dormant: boolean; idleCloseCount: number }

const SETTING = 'catalog.idleCloseMinutes';
const pane = paneOf;
const info = async (): Promise<IdleInfo> => (await vscode.commands.executeCommand<IdleInfo>(CommandIds.catalogIdleInfo))!;

/** Polls until the catalog closed for idleness (it does on its own timer). */
async function untilDormant(): Promise<IdleInfo> {
  for (let i = 0; i < 400; i++) {
    const now = await info();
    if (now.dormant) return now;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the catalog never closed for idleness: ${JSON.stringify(await info())}`);
}

describe('catalog idle close in the extension @page', () => {
  const config = () => vscode.workspace.getConfiguration('containerCatalog');

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(CommandIds.registriesTreeSnapshot); // opens the catalog
    await config().update(SETTING, 0.001, vscode.ConfigurationTarget.Global); // 60 ms
  });

  after(async () => {
    await config().update(SETTING, undefined, vscode.ConfigurationTarget.Global);
  });

  it('closes with the setting lowered; the three views, a read and a write reopen it and nothing changes', async () => {
    const first = await untilDormant();
    assert.ok(first.open && first.idleCloseCount >= 1);
    // The views keep their rows while it is closed, and redraw from the reopened file.
    for (const title of ['Registries', 'Image Sources', 'Containers'] as const) {
      await pageRequest({ op: 'click', selector: `${pane(title)} > .pane-header` });
      await pageRequest({ op: 'click', selector: `${pane(title)} > .pane-header` });
    }
    await waitForSelector(`${pane('Registries')} .monaco-list-row:has-text("Docker Hub")`);
    await untilDormant();
    const added = await vscode.commands.executeCommand<{ id: string; url: string }>(CommandIds.registriesAdd, { name: 'Written while closed', url: '127.0.0.1:5997' });
    assert.equal(added.url, '127.0.0.1:5997');
    await waitForSelector(`${pane('Registries')} .monaco-list-row:has-text("Written while closed")`);
    await screenshot('idle-close-views-after-reopen', '#workbench\\.parts\\.sidebar');
    const again = await untilDormant();
    assert.ok(again.idleCloseCount > first.idleCloseCount, 'it closed again after the write');
    const snapshot = await vscode.commands.executeCommand<Array<{ id: string }>>(CommandIds.registriesTreeSnapshot);
    assert.ok(snapshot?.some((n) => n.id.includes(added.id)), 'the write is there after the reopen');
    await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: added.id, skipConfirmation: true });
  });
});
