import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID } from '../../../src/providers/platform/ids';
import { ariaSnapshot, clickIn, focusedElement, pageRequest, queryPage } from '../support/page';
import { eventually, waitInPanel, WEBVIEW } from './panelDriver';
import { need } from '../support/peerEnv';

const NAME = 'Keyboard test registry';
const ENGINE = 'lxd-a11y';

/** The snapshot's lines, unquoted (YAML quotes a line such as `- 'checkbox "Insecure: …"'`). */
function controlLines(snapshot: string): string[] {
  return snapshot.split('\n').map((l) => l.replace(/^(\s*- )'(.*)'(:?)$/, '$1$2$3').replace(/''/g, "'"));
}

/** Controls in an accessibility snapshot (Playwright's YAML) that have no accessible name. */
function unnamedControls(snapshot: string): string[] {
  return controlLines(snapshot).filter((l) => /^\s*- (textbox|button|checkbox|combobox|tab|link|radio|switch)\b/.test(l) && !/^\s*- \w+ "[^"]+"/.test(l));
}

const press = (key: string) => pageRequest({ op: 'press', key });

/** Presses Tab until focus leaves the page or comes round again (or `max` presses); the ids focused on the way. */
async function tabOrder(max = 40): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await press('Tab');
    const f = await focusedElement(WEBVIEW);
    // Focus left the page (to the workbench around it), or came round again: the order is complete.
    if (!f || (seen.length && f.id === seen[0])) break;
    seen.push(f.id ?? `<${f.tag}>`);
  }
  return seen;
}

describe('detail panels by keyboard, with a name on every control @page', function () {
  this.timeout(180_000);
  let registryId: string;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const r = await vscode.commands.executeCommand<{ id: string }>(CommandIds.registriesAdd, { name: NAME, url: need('CC_REGISTRY_ANON') });
    assert.ok(r);
    registryId = r.id;
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: ENGINE });
    await vscode.commands.executeCommand(CommandIds.enginesSync, { engine: ENGINE });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: registryId, skipConfirmation: true });
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: ENGINE, confirmed: true });
  });

  it('registry panel: every field and button has an accessible name', async () => {
    await vscode.commands.executeCommand(CommandIds.registriesOpenDetails, { id: registryId });
    await waitInPanel('vscode-textfield#name');
    const snapshot = await ariaSnapshot('main', WEBVIEW);
    assert.deepEqual(unnamedControls(snapshot), [], snapshot);
    const lines = controlLines(snapshot).map((l) => l.trim());
    for (const control of ['textbox "Name"', 'textbox "URL"', 'checkbox "Insecure: allow plain http and skip TLS certificate verification"', 'textbox "CA certificate file"', 'button "Save"', 'button "Revert"']) {
      assert.ok(lines.some((l) => l.startsWith(`- ${control}`)), `${control} missing from\n${snapshot}`);
    }
  });

  it('registry panel: Tab reaches every field and button in reading order; typing and Space work without a mouse', async () => {
    // Put keyboard focus into the page (a click on its heading focuses no control).
    await clickIn('h1', WEBVIEW);
    const order = await tabOrder();
    await clickIn('h1', WEBVIEW);
    // Save and Revert (nothing edited yet) and Log out (anonymous) are disabled, so Tab rightly passes them by.
    const expected = ['name', 'url', 'insecure', 'caFile', 'login', 'verify', 'repository', 'track'];
    const positions = expected.map((id) => order.indexOf(id));
    assert.ok(positions.every((p) => p >= 0), `not reached by Tab: ${expected.filter((_, i) => positions[i] < 0).join(', ')} (order ${JSON.stringify(order)})`);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, `out of reading order: ${JSON.stringify(order)}`);
    assert.ok(!order.includes('save') && !order.includes('revert') && !order.includes('logout'), `a disabled button took focus: ${JSON.stringify(order)}`);
    // From the top again: the first Tab lands on the name; edit it by typing, then Revert (enabled now) with Space.
    await press('Tab');
    assert.equal((await focusedElement(WEBVIEW))?.id, 'name');
    await press('End');
    await pageRequest({ op: 'type', text: ' typed' });
    await eventually('the typed name', () => queryPage('vscode-textfield#name input', WEBVIEW), (e) => e[0]?.value === `${NAME} typed`);
    const path: string[] = [];
    for (let i = 0; i < 10 && path.at(-1) !== 'revert'; i++) {
      await press('Tab');
      path.push((await focusedElement(WEBVIEW))?.id ?? '<none>');
    }
    assert.deepEqual(path, ['url', 'insecure', 'caFile', 'save', 'revert']);
    await press('Space');
    await eventually('the name reverted', () => queryPage('vscode-textfield#name input', WEBVIEW), (e) => e[0]?.value === NAME);
  });

  it('container panel: tabs by arrow keys and Enter, and a name on every control of every tab', async () => {
    const opening = vscode.commands.executeCommand(CommandIds.containersOpenDetails);
    await pageRequest({ op: 'type', text: need('CC_LXD_CONTAINERS').split(' ')[0] });
    await press('Enter');
    await opening;
    await waitInPanel('vscode-tabs#tabs');
    // Focus the first tab header, then walk the tabs with the arrow keys as ARIA tabs expect.
    await clickIn('vscode-tab-header[data-tab="0"]', WEBVIEW);
    for (let tab = 1; tab <= 6; tab++) {
      // Arrows move between headers, Enter shows the tab (the ARIA tabs pattern with manual activation).
      await press('ArrowRight');
      await press('Enter');
      await eventually(`tab ${tab} shown by ArrowRight, Enter`, () => queryPage(`vscode-tab-panel[data-tab="${tab}"]`, WEBVIEW), (e) => e[0]?.visible === true);
      const snapshot = await ariaSnapshot(`vscode-tab-panel[data-tab="${tab}"]`, WEBVIEW);
      assert.deepEqual(unnamedControls(snapshot), [], `tab ${tab}:\n${snapshot}`);
    }
    const tabs = await ariaSnapshot('vscode-tabs#tabs', WEBVIEW);
    assert.deepEqual(unnamedControls(tabs), [], tabs);
  });

  it('profile, network, storage pool and volume panels: a name on every control', async () => {
    const pick = async (command: string, label: string): Promise<void> => {
      const opening = vscode.commands.executeCommand(command);
      await pageRequest({ op: 'type', text: label });
      await press('Enter');
      await opening;
    };
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await pick(CommandIds.profilesOpenDetails, 'web');
    await waitInPanel('vscode-tabs');
    const profile = await ariaSnapshot('main', WEBVIEW);
    assert.deepEqual(unnamedControls(profile), [], profile);
    assert.ok(/- tab "Config"/.test(profile), profile);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await pick(CommandIds.networksOpenDetails, need('CC_LXD_BRIDGE'));
    await waitInPanel('h1');
    const network = await ariaSnapshot('main', WEBVIEW);
    assert.deepEqual(unnamedControls(network), [], network);
    assert.ok(/- button "[^"]+"/.test(network), `the users' Open buttons are missing:\n${network}`);
    for (const [command, label] of [[CommandIds.storagePoolsOpenDetails, need('CC_LXD_POOL')], [CommandIds.storageVolumesOpenDetails, need('CC_LXD_VOLUME')]]) {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await pick(command, label);
      await waitInPanel('h1');
      const storage = await ariaSnapshot('main', WEBVIEW);
      assert.deepEqual(unnamedControls(storage), [], storage);
      assert.ok(/- button "[^"]+"/.test(storage), `no Open button in the ${label} panel:\n${storage}`);
    }
  });
});
