import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID, ViewQueryCommandIds as Q, viewQueryCommand } from '../../src/providers/platform/ids';
import { lxc } from './support/lxc';
import { queryPage, waitForSelector } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';

const pane = '.pane:has(> .pane-header[aria-label^="Containers"][aria-label$=" Section"])';
/** The selected row of the view, at a level, by its exact label. */
const selected = (level: number, label: string): string => `${pane} .monaco-list-row.selected[aria-level="${level}"]:has(:text-is("${label}"))`;

/** A new container (a copy) is revealed in the Containers view however it is grouped: under its engine, its state, its profile. */
describe('Containers view reveals a new container while grouped by state or profile @page', function () {
  this.timeout(180_000);
  const engine = 'lxd-reveal';
  const source = 'ct-plain';
  const made = ['rev-engine', 'rev-state', 'rev-profile'];

  before(async () => {
    for (const n of made) await lxc('delete', '-f', n).catch(() => undefined);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'clear'));
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: engine });
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
  });

  after(async () => {
    await vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'clear'));
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine, confirmed: true }).then(undefined, () => undefined);
    for (const n of made) await lxc('delete', '-f', n).catch(() => undefined);
  });

  const copyAndFind = async (target: string, level: number): Promise<void> => {
    assert.equal(await vscode.commands.executeCommand(CommandIds.containersCopy, { engine, container: source, target }), true);
    try {
      await waitForSelector(selected(level, target), undefined, 30_000);
    } catch (e) {
      await screenshot(`reveal-grouped-failed-${target}`, '#workbench\\.parts\\.sidebar').catch(() => undefined);
      const rows = (await queryPage(`${pane} .monaco-list-row`)).map((r) => `${r.text.trim()}`);
      throw new Error(`${target} was not revealed and selected at level ${level}: ${JSON.stringify(rows)} (${String(e)})`);
    }
  };

  it('under its engine (the view as laid out)', async () => {
    await copyAndFind('rev-engine', 2);
  });

  it('in its state group, and in the first of its profiles groups', async () => {
    await vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'group'), { group: 'state' });
    await copyAndFind('rev-state', 2);
    await vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'group'), { group: 'profile' });
    await copyAndFind('rev-profile', 2);
    await screenshot('reveal-grouped-by-profile', '#workbench\\.parts\\.sidebar');
  });
});
