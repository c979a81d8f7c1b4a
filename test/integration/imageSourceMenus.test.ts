import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, ImageCommandIds as C, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { lxc, lxcQuery } from './support/lxc';
import { pageRequest, queryPage, waitForSelector } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';

const PANE = '.pane:has(> .pane-header[aria-label^="Image Sources"][aria-label$=" Section"])';
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

describe('Image Sources context menus: Launch… (the panel, once) on simplestreams rows only; Import into Engine… on a local image @page', function () {
  this.timeout(120_000);
  const server = `${need('CC_SIMPLESTREAMS_URL')}/ss`;
  let imported: { localImageId: string; imageSourceId: string } | undefined;
  const cleanLxd = async (): Promise<void> => {
    await lxc('delete', '-f', 'ui-imported').catch(() => undefined);
    await lxc('image', 'delete', 'debian-12').catch(() => undefined);
  };

  before(async () => {
    await vscode.workspace.getConfiguration('containerCatalog.imageSources').update('simplestreamsServers', [server], vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand('containerCatalog.imageSources.focus');
    await vscode.commands.executeCommand(C.addSimplestreams, { url: server });
    await vscode.commands.executeCommand(C.refresh, { type: 'Incus', force: true });
    await cleanLxd();
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: 'lxd' });
    imported = await vscode.commands.executeCommand(C.importTarball, { path: join(need('CC_SIMPLESTREAMS_ROOT'), 'files/uri/plain-debian-12.rootfs.tar.xz') });
  });

  after(async () => {
    await pageRequest({ op: 'press', key: 'Escape' });
    if (imported) {
      await vscode.commands.executeCommand(C.deleteSource, { sourceId: imported.imageSourceId, confirmed: true });
      await vscode.commands.executeCommand(C.deleteLocal, { localImageId: imported.localImageId, confirmed: true });
    }
    await vscode.commands.executeCommand(C.removeSimplestreams, { url: server });
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'lxd', confirmed: true });
    await cleanLxd();
  });

  it('a local tarball row has no Launch…; a simplestreams row has Launch… once and not the older Launch on LXD…', async () => {
    const local = await menuOfFirstRow('Local tarballs', 'debian');
    assert.ok(local.some((t) => t.startsWith('Open Image Source Details')), `the menu opened on the row: ${JSON.stringify(local)}`);
    assert.ok(!local.some((t) => t.startsWith('Launch')), JSON.stringify(local));
    await screenshot('image-source-menu-local');
    await pageRequest({ op: 'press', key: 'Escape' });
    const incus = await menuOfFirstRow('Simplestreams', 'alpine');
    assert.equal(incus.filter((t) => t.startsWith('Launch…')).length, 1, JSON.stringify(incus));
    assert.ok(!incus.some((t) => t.startsWith('Launch on LXD')), JSON.stringify(incus));
    await screenshot('image-source-menu-simplestreams');
    await pageRequest({ op: 'press', key: 'Escape' });
  });

  it('Import into Engine… on the local image: the alias from the row, then an instance of it holds that rootfs', async () => {
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.imageSources.collapseAll');
    await settle();
    const group = `${PANE} .monaco-list-row[aria-level="1"][aria-label^="Local images"]`;
    await pageRequest({ op: 'click', selector: group });
    await settle();
    // Focused now; expanded by keyboard (the click may have folded it), then down to the image.
    if ((await queryPage(`${group}[aria-expanded="false"]`)).some((r) => r.visible)) await pageRequest({ op: 'press', key: 'ArrowRight' });
    await waitForSelector(`${PANE} .monaco-list-row[aria-level="2"][aria-label^="debian 12"]`);
    await pageRequest({ op: 'press', key: 'ArrowDown' });
    await waitForSelector(`${PANE} .monaco-list-row[aria-level="2"][aria-label^="debian 12"].focused`);
    await pageRequest({ op: 'press', key: 'Shift+F10' });
    const item = `${MENU}:has-text("Import into Engine…")`;
    await waitForSelector(item);
    await screenshot('local-image-menu-import');
    await pageRequest({ op: 'click', selector: item });
    // One LXD engine: no engine pick; the alias box comes prefilled from the row.
    await waitForSelector('.quick-input-widget:has-text("Alias of the image in lxd")');
    await pageRequest({ op: 'press', key: 'Enter' });
    await waitForSelector('.notifications-toasts:has-text("is in lxd as debian-12")', undefined, 60_000);
    await screenshot('local-image-imported');
    const alias = await lxcQuery<{ target: string }>('/1.0/images/aliases/debian-12');
    assert.match(alias.target, /^[0-9a-f]{64}$/);
    await lxc('init', 'debian-12', 'ui-imported');
    assert.equal((await lxc('file', 'pull', 'ui-imported/etc/cc-image', '-')).trim(), 'plain');
  });
});
