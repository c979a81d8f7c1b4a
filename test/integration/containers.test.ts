import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ContainerTreeNode } from '../../src/providers/containers/containerTreeNodes';
import type { ContainerRef } from '../../src/containers/usedBy';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { clickIn, fillIn, hasPageDriver, pageRequest, queryPage, waitForSelector } from './support/page';
import { screenshot } from './support/screenshot';
import { clickRowToOpen, eventually, NEW_WEBVIEW_MS, panelsInfo } from './panels/panelDriver';
import { lxc, lxcQuery } from './support/lxc';
import { need } from './support/peerEnv';
import { paneOf, waitForViewRow } from './support/views';

const pane = paneOf('Containers');


function waitForRow(test: (row: string) => boolean, what: string, timeoutMs?: number): Promise<string> {
  return waitForViewRow('Containers', test, what, timeoutMs);
}

describe('containers view with real LXD, Podman and Docker @page', function () {
  this.timeout(120_000);
  const lxdSocket = need('CC_LXD_SOCKET');
  const podmanSocket = need('CC_PODMAN_SOCKET');
  const dockerSocket = need('CC_DOCKER_SOCKET');
  const running = need('CC_LXD_RUNNING');
  const bridge = need('CC_LXD_BRIDGE');

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
  });

  after(async () => {
    // Leave the catalog as empty as it was: the views suite checks the welcome content.
    for (const engine of ['lxd', 'podman', 'docker']) {
      await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine, confirmed: true });
    }
  });

  it('connects and syncs engines given as argument objects', async () => {
    const lxd = await vscode.commands.executeCommand<{ name: string; kind: string }>(CommandIds.enginesConnect, { kind: 'lxd', endpoint: lxdSocket, name: 'lxd' });
    assert.equal(lxd?.name, 'lxd');
    const pod = await vscode.commands.executeCommand<{ name: string }>(CommandIds.enginesConnect, { kind: 'podman', endpoint: podmanSocket, name: 'podman' });
    assert.equal(pod?.name, 'podman');
    const dock = await vscode.commands.executeCommand<{ name: string; kind: string }>(CommandIds.enginesConnect, { kind: 'docker', endpoint: dockerSocket, name: 'docker' });
    assert.equal(dock?.kind, 'docker');
    const roots = await vscode.commands.executeCommand<ContainerTreeNode[]>(CommandIds.containersViewInfo);
    assert.ok(Array.isArray(roots));
  });

  it('shows the synced containers with live state, and the running one with its IPv4', async () => {
    await vscode.commands.executeCommand(`${'containerCatalog.containers'}.focus`);
    await waitForSelector(`${pane} .monaco-list-row`);
    const row = await waitForRow((r) => r.startsWith(running) && /Running · \d+\.\d+\.\d+\.\d+/.test(r), `${running} Running · <ipv4>`);
    assert.match(row, /Running · 10\.\d+\.\d+\.\d+/);
    await waitForRow((r) => r.startsWith('ct-plain') && /Stopped/.test(r), 'ct-plain Stopped');
    await waitForRow((r) => r.startsWith('lxd') && /synced just now/.test(r), 'engine lxd synced just now');
    await screenshot('containers');
    await screenshot('containers-sidebar', '#workbench\\.parts\\.sidebar');
    // Collapse the LXD engine (a click on its row) so the Podman engine's rows come into view.
    await clickIn(`${pane} .monaco-list-row[aria-level="1"]`);
    await waitForRow((r) => r.startsWith('pd-web') && /Running · \d+\.\d+\.\d+\.\d+/.test(r), 'pd-web Running · <ipv4>');
    await waitForRow((r) => r.startsWith('pd-plain') && /Created|Exited|Stopped/.test(r), 'pd-plain not running');
    await screenshot('containers-podman', '#workbench\\.parts\\.sidebar');
    await clickIn(`${pane} .monaco-list-row[aria-level="1"]`);
    await waitForRow((r) => r.startsWith('ct-plain'), 'the LXD engine expanded again');
  });

  it('shows a real Docker daemon\'s containers with live state next to the others', async () => {
    // Collapse every engine (the view's own Collapse All), then open Docker's with a click on its row.
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.containers.collapseAll');
    await waitForRow((r) => r.startsWith('docker') && /synced just now/.test(r), 'engine docker synced just now');
    await clickIn(`${pane} .monaco-list-row[aria-level="1"]:has-text("docker")`);
    await waitForRow((r) => r.startsWith('dk-web') && /Running · 10\.249\.\d+\.\d+/.test(r), 'dk-web Running · <ipv4>');
    await waitForRow((r) => r.startsWith('dk-plain') && /Created|Exited|Stopped/.test(r), 'dk-plain not running');
    await screenshot('containers-docker', '#workbench\\.parts\\.sidebar');
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.containers.collapseAll');
    await clickIn(`${pane} .monaco-list-row[aria-level="1"]:has-text("lxd")`);
    await waitForRow((r) => r.startsWith('ct-plain'), 'the LXD engine expanded again');
  });

  it('a click on a network row opens its detail panel (who uses it)', async () => {
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.containers.collapseAll');
    await clickIn(`${pane} .monaco-list-row[aria-level="1"]:has-text("lxd")`);
    await clickIn(`${pane} .monaco-list-row[aria-level="2"]:has-text("Networks")`);
    await clickRowToOpen(`${pane} .monaco-list-row[aria-level="3"]:has-text("${bridge}")`, async () => (await panelsInfo()).some((p) => p.kind === 'network'));
    const panel = await eventually('the network panel', async () => (await vscode.commands.executeCommand<{ kind: string; id: string; view?: { name: string; usedBy: unknown[] } }[]>(CommandIds.panelsInfo))?.find((p) => p.kind === 'network'), (p) => p?.view !== undefined, NEW_WEBVIEW_MS);
    assert.equal(panel?.view?.name, bridge);
    assert.ok((panel?.view?.usedBy.length ?? 0) > 0);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.containers.collapseAll');
    await clickIn(`${pane} .monaco-list-row[aria-level="1"]:has-text("lxd")`);
    await waitForRow((r) => r.startsWith('ct-plain'), 'the LXD engine expanded again');
  });

  it('starts and force-stops a container from a command with an argument object; the view follows', async () => {
    assert.equal(await vscode.commands.executeCommand(CommandIds.containersStart, { engine: 'lxd', container: 'ct-plain' }), true);
    await waitForRow((r) => r.startsWith('ct-plain') && /Running/.test(r), 'ct-plain Running');
    assert.equal(await vscode.commands.executeCommand(CommandIds.containersForceStop, { engine: 'lxd', container: 'ct-plain' }), true);
    await waitForRow((r) => r.startsWith('ct-plain') && /Stopped/.test(r), 'ct-plain Stopped again');
  });

  it('polling shows a container started and stopped outside VS Code by redrawing its row alone', async () => {
    const poll = vscode.workspace.getConfiguration('containerCatalog.containers');
    await poll.update('pollIntervalSeconds', 2, vscode.ConfigurationTarget.Global);
    const redraws = async () => (await vscode.commands.executeCommand<{ full: number; node: number }>(CommandIds.containersRedraws))!;
    try {
      await waitForRow((r) => r.startsWith('ct-plain') && /Stopped/.test(r), 'ct-plain Stopped');
      // A few polls with nothing changed: no whole redraw (an engine's "synced N min ago" may redraw its row).
      await new Promise((r) => setTimeout(r, 2500));
      const settled = await redraws();
      await new Promise((r) => setTimeout(r, 4500));
      assert.equal((await redraws()).full, settled.full, 'polls with nothing changed redrew the whole view');
      // LXD starts it, asked by the lxc CLI (not the extension): the next poll shows it.
      await lxc('start', 'ct-plain');
      await waitForRow((r) => r.startsWith('ct-plain') && /Running/.test(r), 'ct-plain Running after a poll');
      await lxc('stop', '--force', 'ct-plain');
      await waitForRow((r) => r.startsWith('ct-plain') && /Stopped/.test(r), 'ct-plain Stopped after a poll');
      const after = await redraws();
      assert.ok(after.node >= settled.node + 2, JSON.stringify({ settled, after }));
      assert.equal(after.full, settled.full, `the whole view was redrawn: ${JSON.stringify({ settled, after })}`);
    } finally {
      await poll.update('pollIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('resolves an edit command only once LXD applied it, and rejects with LXD\'s reason when LXD refuses the value', async () => {
    const config = async (): Promise<Record<string, string>> => (await lxcQuery<{ config: Record<string, string> }>('/1.0/instances/ct-plain')).config;
    const arg = (key: string, value: string) => ({ engine: 'lxd', container: 'ct-plain', key, value });
    assert.equal(await vscode.commands.executeCommand(CommandIds.containersSetConfig, arg('user.cc-probe', 'v1')), true);
    assert.equal((await config())['user.cc-probe'], 'v1');
    if (hasPageDriver()) {
      // "Set Config…" on a key's row asks for the new value, offering the current one (it once set the
      // current value again without asking).
      const row = { type: 'configKey', id: 'probe', key: 'user.cc-probe', value: 'v1', origin: 'container', engine: 'lxd', container: 'ct-plain', local: true };
      const done = vscode.commands.executeCommand(CommandIds.containersSetConfig, row);
      const box = '.quick-input-widget .quick-input-box input';
      await waitForSelector(box);
      assert.equal((await queryPage(box)).find((e) => e.visible)?.value, 'v1');
      await fillIn(box, 'v2');
      await pageRequest({ op: 'press', key: 'Enter' });
      assert.equal(await done, true);
      assert.equal((await config())['user.cc-probe'], 'v2');
    }
    const cpuBefore = (await config())['limits.cpu'];
    // Called by code with an argument object, a refused action rejects with the engine's reason (from a menu
    // it resolves false after showing the message).
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersSetConfig, arg('limits.cpu', 'lots'))), /Invalid CPU limit/);
    assert.equal((await config())['limits.cpu'], cpuBefore);
    assert.equal(await vscode.commands.executeCommand(CommandIds.containersUnsetConfig, { engine: 'lxd', container: 'ct-plain', key: 'user.cc-probe' }), true);
    assert.equal((await config())['user.cc-probe'], undefined);
  });

  it('finds the containers using the bridge and shows effective config with origins', async () => {
    const users = await vscode.commands.executeCommand<ContainerRef[]>(CommandIds.containersFindUsing, { kind: 'network', name: bridge, show: false });
    assert.deepEqual(users?.map((u) => u.name), ['ct-direct', 'ct-layered', 'ct-web']);
    const text = await vscode.commands.executeCommand<string>(CommandIds.containersShowEffectiveConfig, { engine: 'lxd', container: 'ct-layered', show: false });
    assert.match(text ?? '', /limits\.memory: 256MB # profile web \(overrides profile limits\)/);
    assert.match(text ?? '', /profiles default → limits → web, then the container/);
  });
});
