import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { setTheme } from './panels/panelDriver';
import { clickIn, pageRequest, queryPage, waitForSelector } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';

const pane = '.pane:has(> .pane-header[aria-label^="Containers"][aria-label$=" Section"])';
const MENU = '.context-view .action-item';

/** The items of a container row's context menu, opened by keyboard on the row (a click selects it). */
async function menuOf(container: string, engine: string): Promise<string[]> {
  const row = `${pane} .monaco-list-row[aria-label^="${container}"]:has-text("${container}")`;
  await waitForSelector(row);
  await clickIn(row);
  await pageRequest({ op: 'press', key: 'Shift+F10' });
  await waitForSelector(MENU);
  const items = (await queryPage(MENU)).filter((e) => e.visible).map((e) => e.text.trim()).filter(Boolean);
  await pageRequest({ op: 'press', key: 'Escape' });
  assert.ok(items.some((t) => t.startsWith('Rename Container')), `the menu of ${container} (${engine}) opened on a stopped LXD container: ${JSON.stringify(items)}`);
  return items;
}

async function rows(): Promise<string[]> {
  return (await queryPage(`${pane} .monaco-list-row`)).filter((r) => r.visible).map((r) => r.text.replace(/\s+/g, ' ').trim());
}

async function rowsUntil(test: (rows: string[]) => boolean, what: string, timeoutMs = 30_000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  let last: string[] = [];
  while (Date.now() < until) {
    last = await rows();
    if (test(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  // What the view showed instead is the quickest way to the cause.
  await screenshot(`failed-cluster-rows-${what.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 30)}`).catch(() => undefined);
  throw new Error(`the Containers view never showed ${what}; rows: ${JSON.stringify(last)}`);
}

/** The container rows drawn under member `m` (the rows between its row and the next member's or group's). */
function under(all: string[], m: string): string[] {
  const i = all.findIndex((r) => r.startsWith(`${m}Online`));
  if (i < 0) return [];
  const out: string[] = [];
  for (const r of all.slice(i + 1)) {
    if (/^m\d(Online|Offline|Evacuated)/.test(r) || /^(Profiles|Networks|Storage|Images)\d/.test(r)) break;
    out.push(r.replace(/(Stopped|Running|Error).*$/, ''));
  }
  return out;
}

describe('LXD cluster in the Containers view @page', function () {
  this.timeout(180_000);
  const socket = need('CC_LXDC_SOCKET');
  const theme = vscode.workspace.getConfiguration('workbench').inspect<string>('colorTheme')?.globalValue;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: socket, name: 'cluster' });
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(CommandIds.containersMoveToMember, { engine: 'cluster', container: 'c-m1', target: 'm1' }).then(undefined, () => undefined);
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'cluster', confirmed: true });
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'standalone', confirmed: true }).then(undefined, () => undefined);
  });

  it('shows the members with status and roles, each with the containers LXD placed on it (dark and light)', async () => {
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    await waitForSelector(`${pane} .monaco-list-row`);
    const shown = await rowsUntil((r) => ['m1', 'm2', 'm3'].every((m) => r.some((x) => x.startsWith(`${m}Online`))) && r.some((x) => x.startsWith('c-m3')), 'three online members with their containers');
    assert.ok(shown.some((x) => /^m1Online · 1 · database-leader, database/.test(x)), JSON.stringify(shown));
    for (const m of ['m1', 'm2', 'm3']) assert.deepEqual(under(shown, m), [`c-${m}`], `${m} holds c-${m}: ${JSON.stringify(shown)}`);
    await setTheme('Default Dark Modern');
    await screenshot('containers-cluster-dark', '#workbench\\.parts\\.sidebar');
    await setTheme('Default Light Modern');
    await screenshot('containers-cluster-light', '#workbench\\.parts\\.sidebar');
    await setTheme(theme ?? 'Default Dark Modern');
  });

  it('moves a container to another member with an argument object; the tree shows it there', async () => {
    assert.equal(await vscode.commands.executeCommand(CommandIds.containersMoveToMember, { engine: 'cluster', container: 'c-m1', target: 'm2' }), true);
    const after = await rowsUntil((r) => under(r, 'm2').includes('c-m1'), 'c-m1 under m2');
    assert.deepEqual(under(after, 'm1'), []);
  });

  it('called by code, the cluster commands reject bad arguments with a clear error', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersMoveToMember, { engine: 'cluster', container: 'c-m1', target: 'nope' })), /no cluster member "nope" \(members: m1, m2, m3\)/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersEvacuateMember, { engine: 'cluster', member: 'm2', colour: 'red' })), /unknown key "colour"/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersRestoreMember, { engine: 'cluster', member: 'm2', confirmed: true })), /m2 is not evacuated/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersEvacuateMember, { engine: 'cluster', member: 'm9', confirmed: true })), /no cluster member "m9"/);
  });

  it('offers Move to Cluster Member… on a stopped container of the cluster, and not on one of a standalone LXD', async () => {
    const clustered = await menuOf('c-m3', 'cluster');
    assert.ok(clustered.some((t) => t.startsWith('Move to Cluster Member')), JSON.stringify(clustered));
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: 'standalone' });
    // The cluster's rows fill the view: fold them, then open the standalone engine's row.
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.containers.collapseAll');
    await rowsUntil((r) => r.some((x) => x.startsWith('standalone')), 'the standalone engine');
    await clickIn(`${pane} .monaco-list-row[aria-level="1"]:has-text("standalone")`);
    await pageRequest({ op: 'press', key: 'ArrowRight' });
    await rowsUntil((r) => r.some((x) => x.startsWith('ct-plainStopped')), 'ct-plain of the standalone LXD');
    const standalone = await menuOf('ct-plain', 'standalone');
    assert.ok(!standalone.some((t) => t.startsWith('Move to Cluster Member')), JSON.stringify(standalone));
  });
});
