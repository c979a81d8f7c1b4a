import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../../src/providers/platform/ids';
import type { ContainerView } from '../../../src/webviews/container/protocol';
import { hostDataFiles, hostRunRoot } from '../support/hostFiles';
import { clickIn, fillIn, queryPage } from '../support/page';
import { screenshot } from '../support/screenshot';
import { chooseInQuickPick, eventually, NEW_WEBVIEW_MS, panelsInfo, waitForText, waitInPanel, WEBVIEW } from './panelDriver';
import { need } from '../support/peerEnv';
import { lxc } from '../support/lxc';

const run = promisify(execFile);
const ENGINE = 'lxd-other-window';
const NAME = 'pt-other';

/** The extension's catalog.db: the one file of that name in this run's VS Code data folders. */
function catalogFile(): string {
  const found = hostDataFiles().filter((f) => basename(f) === 'catalog.db');
  assert.equal(found.length, 1, `expected one catalog.db under ${hostRunRoot()}, found ${JSON.stringify(found)}`);
  return found[0];
}

/**
 * The panels when another process writes the same catalog: the command-line tool stands in for a second
 * VS Code window (both open catalog.db through the same store, lock and file watch).
 */
describe('detail panels when another window changes the catalog @page', function () {
  this.timeout(180_000);
  let cli: string;
  let catalog: string;

  /** Runs the CLI on the extension's own catalog, in its own process. */
  const otherWindow = async (...args: string[]): Promise<string> => (await run(process.execPath, [cli, '--catalog', catalog, ...args], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })).stdout;
  const redraws = async () => (await vscode.commands.executeCommand<{ full: number; node: number }>(CommandIds.containersRedraws))!;
  const containerPanel = async () => {
    const p = (await panelsInfo()).find((i) => i.kind === 'container' && i.id.endsWith(`/${NAME}`));
    assert.ok(p, 'the container panel is not open');
    return { ...p, view: p.view as ContainerView };
  };

  before(async () => {
    await lxc('delete', '-f', NAME).catch(() => undefined);
    await lxc('init', need('CC_LXD_IMAGE_ALIAS'), NAME, '-p', 'default');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    await ext?.activate();
    cli = join(ext?.extensionPath ?? '', 'dist', 'cli.js');
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: ENGINE });
    await vscode.commands.executeCommand(CommandIds.enginesSync, { engine: ENGINE });
    catalog = catalogFile();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: ENGINE, confirmed: true });
    await lxc('delete', '-f', NAME).catch(() => undefined);
  });

  it('shows what another window changed, and says so', async () => {
    // This window must not see the change first: its own event following (or a poll) would re-read the
    // container and the panel would rightly say "changed outside this panel" instead.
    const settings = vscode.workspace.getConfiguration('containerCatalog.containers');
    await settings.update('followEngineEvents', false, vscode.ConfigurationTarget.Global);
    await settings.update('pollIntervalSeconds', 0, vscode.ConfigurationTarget.Global);
    try {
      await anotherWindowsChange();
    } finally {
      await settings.update('followEngineEvents', undefined, vscode.ConfigurationTarget.Global);
      await settings.update('pollIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  const anotherWindowsChange = async (): Promise<void> => {
    const opening = vscode.commands.executeCommand(CommandIds.containersOpenDetails);
    await chooseInQuickPick(NAME);
    await opening;
    await waitInPanel('vscode-tabs#tabs');
    await clickIn('vscode-tab-header[data-tab="1"]', WEBVIEW);
    await lxc('config', 'set', NAME, 'user.elsewhere=first');
    // The other process syncs the engine into the same catalog file.
    assert.match(await otherWindow('engines', 'sync', ENGINE), /./);
    await waitForText('.banner', /changed in another window; the panel shows the current values/, 30_000);
    await waitForText('#config-table td', /^first$/);
    assert.equal((await containerPanel()).view.config.find((c) => c.key === 'user.elsewhere')?.value, 'first');
    await screenshot('panel-other-window-info');
  };

  it('an edit in the panel redraws just that container in the Containers view, not the whole view', async () => {
    // Polling would redraw the whole view on its own timer: off for this test.
    const poll = vscode.workspace.getConfiguration('containerCatalog.containers');
    await poll.update('pollIntervalSeconds', 0, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
      // The view lists the engine's containers: the one being edited is among the nodes it holds.
      await eventually('the view lists the container', async () => JSON.stringify(await vscode.commands.executeCommand(CommandIds.containersViewInfo)), (r) => r.includes(ENGINE));
      const before = await eventually('the view settles', redraws, () => true);
      await new Promise((r) => setTimeout(r, 1000));
      const settled = await redraws();
      await fillIn('vscode-textfield#cfg-key input', 'user.redraw', WEBVIEW);
      await fillIn('vscode-textfield#cfg-value input', 'one node', WEBVIEW);
      await clickIn('vscode-button#cfg-save', WEBVIEW);
      await waitForText('#config-table td', /^one node$/);
      const after = await eventually('a node redraw', redraws, (r) => r.node > settled.node);
      // Give a whole-view redraw (debounced 300 ms) the time it would take, had it been scheduled.
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal((await redraws()).full, settled.full, `the whole view was redrawn (before ${JSON.stringify(before)}, after ${JSON.stringify(after)})`);
    } finally {
      await poll.update('pollIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    }
  });

  it('keeps unsaved edits, refuses to save them over the other change, and reloads on request', async () => {
    await fillIn('vscode-textfield#cfg-key input', 'user.elsewhere', WEBVIEW);
    await fillIn('vscode-textfield#cfg-value input', 'typed here', WEBVIEW);
    await lxc('config', 'set', NAME, 'user.elsewhere=second');
    await otherWindow('engines', 'sync', ENGINE);
    await waitForText('.banner', /changed in another window\. Your unsaved edits are kept/, 30_000);
    await waitForText('#config-table td', /^second$/);
    // What the user typed is still there…
    assert.equal((await queryPage('vscode-textfield#cfg-value input', WEBVIEW))[0]?.value, 'typed here');
    await screenshot('panel-other-window-draft-kept');
    // …but saving it would overwrite the other window's change without the user seeing it: refused.
    await clickIn('vscode-button#cfg-save', WEBVIEW);
    await waitForText('.banner', /changed elsewhere since you started editing\. Nothing was saved/, 30_000);
    assert.equal(JSON.parse(await lxc('query', `/1.0/instances/${NAME}`)).config['user.elsewhere'], 'second', 'the stale edit reached LXD');
    assert.equal((await containerPanel()).view.config.find((c) => c.key === 'user.elsewhere')?.value, 'second');
    await clickIn('vscode-button#banner-reload', WEBVIEW);
    await eventually('the draft dropped', () => queryPage('vscode-textfield#cfg-value input', WEBVIEW), (e) => e[0]?.value === '');
    assert.deepEqual(await queryPage('.banner', WEBVIEW), []);
  });

  it('closes the panel with a message when another window removes its object', async () => {
    const registry = await vscode.commands.executeCommand<{ id: string; url: string } | undefined>(CommandIds.registriesAdd, { name: 'Removed by another window', url: need('CC_REGISTRY_DOWN') });
    assert.ok(registry);
    await vscode.commands.executeCommand(CommandIds.registriesOpenDetails, { id: registry.id });
    await eventually('the registry panel', panelsInfo, (p) => p.some((x) => x.id === registry.id && x.view !== undefined), NEW_WEBVIEW_MS);
    await otherWindow('registries', 'remove', registry.url);
    await eventually('the panel closed', panelsInfo, (p) => !p.some((x) => x.id === registry.id), 30_000);
    const toasts = await eventually(
      'the notification',
      async () => (await queryPage('.notification-list-item-message')).map((e) => e.text),
      (t) => t.some((x) => /no longer exists/.test(x)),
    );
    assert.ok(toasts.some((x) => /registry no longer exists in the catalog/.test(x)), JSON.stringify(toasts));
  });
});
