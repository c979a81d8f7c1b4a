import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, ImageCommandIds as C, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { pageRequest, queryPage, waitForSelector } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';

const PANE = '.pane:has(> .pane-header[aria-label="Image Sources Section"])';
const MENU = '.context-view .action-item';
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 800));

/** Clicks a folder row when it is collapsed, then waits until it shows expanded. */
async function expand(row: string): Promise<void> {
  await waitForSelector(row);
  await settle();
  if ((await queryPage(`${row}[aria-expanded="false"]`)).some((r) => r.visible)) await pageRequest({ op: 'click', selector: row });
  await waitForSelector(`${row}[aria-expanded="true"]`);
  await settle();
}

/** Expands the type row `type`, then its distribution row, focuses its first image row and opens its context menu by keyboard. */
async function menuOfFirstRow(type: string, distribution: string): Promise<string[]> {
  await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.imageSources.collapseAll');
  await settle();
  await expand(`${PANE} .monaco-list-row[aria-level="1"][aria-label^="${type}"]`);
  await expand(`${PANE} .monaco-list-row[aria-level="2"][aria-label^="${distribution},"]`);
  await waitForSelector(`${PANE} .monaco-list-row[aria-level="3"]`);
  // By keyboard (a click on an image row opens its panel, which would take the focus).
  await pageRequest({ op: 'press', key: 'ArrowDown' });
  await waitForSelector(`${PANE} .monaco-list-row[aria-level="3"].focused`);
  await pageRequest({ op: 'press', key: 'Shift+F10' });
  await waitForSelector(MENU);
  return (await queryPage(MENU)).filter((e) => e.visible).map((e) => e.text.trim()).filter(Boolean);
}

describe('Image Sources context menus offer Launch on LXD… on simplestreams rows only @page', function () {
  this.timeout(120_000);
  const server = `${need('CC_SIMPLESTREAMS_URL')}/ss`;
  let imported: { localImageId: string; imageSourceId: string } | undefined;

  before(async () => {
    await vscode.workspace.getConfiguration('containerCatalog.imageSources').update('simplestreamsServers', [server], vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand('containerCatalog.imageSources.focus');
    await vscode.commands.executeCommand(C.addSimplestreams, { url: server });
    await vscode.commands.executeCommand(C.refresh, { type: 'Incus', force: true });
    imported = await vscode.commands.executeCommand(C.importTarball, { path: join(need('CC_SIMPLESTREAMS_ROOT'), 'files/uri/plain-debian-12.rootfs.tar.xz') });
  });

  after(async () => {
    await pageRequest({ op: 'press', key: 'Escape' });
    if (imported) {
      await vscode.commands.executeCommand(C.deleteSource, { sourceId: imported.imageSourceId, confirmed: true });
      await vscode.commands.executeCommand(C.deleteLocal, { localImageId: imported.localImageId, confirmed: true });
    }
    await vscode.commands.executeCommand(C.removeSimplestreams, { url: server });
  });

  it('a local tarball row has no Launch on LXD…; a simplestreams row has it', async () => {
    const local = await menuOfFirstRow('Local tarballs', 'debian');
    assert.ok(local.some((t) => t.startsWith('Open Image Source Details')), `the menu opened on the row: ${JSON.stringify(local)}`);
    assert.ok(!local.some((t) => t.startsWith('Launch on LXD')), JSON.stringify(local));
    await screenshot('image-source-menu-local');
    await pageRequest({ op: 'press', key: 'Escape' });
    const incus = await menuOfFirstRow('Simplestreams', 'alpine');
    assert.ok(incus.some((t) => t.startsWith('Launch on LXD')), JSON.stringify(incus));
    await screenshot('image-source-menu-simplestreams');
    await pageRequest({ op: 'press', key: 'Escape' });
  });
});
