import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, ViewIds } from '../../../src/providers/platform/ids';
import type { RegistryTreeNode } from '../../../src/providers/registries/registryTreeNodes';
import type { RegistryView } from '../../../src/webviews/registry/protocol';
import { clickIn, fillIn, postFromWebview, queryPage, waitForSelector } from '../support/page';
import { screenshot } from '../support/screenshot';
import { chooseInQuickPick, eventually, NEW_WEBVIEW_MS, panelsInfo, setTheme, texts, waitForText, waitInPanel, WEBVIEW } from './panelDriver';

const NAME = 'Panel test registry';
const REGISTRIES_PANE = '.pane:has(> .pane-header[aria-label^="Registries"][aria-label$=" Section"])';
const redraws = async () => (await vscode.commands.executeCommand<{ full: number; node: number }>(CommandIds.registriesRedraws))!;

function registryEnv(): string {
  const anon = process.env.CC_REGISTRY_ANON;
  if (!anon) throw new Error('CC_REGISTRY_ANON is not set: the registry test peers are not running (test/peers/registry.sh start, or npm test)');
  return anon;
}

describe('registry detail panel @page', function () {
  let url: string;
  let id: string;

  const registryPanel = async () => {
    const p = (await panelsInfo()).filter((i) => i.kind === 'registry');
    assert.equal(p.length, 1, `expected one registry panel, got ${JSON.stringify(p.map((x) => x.id))}`);
    return { ...p[0], view: p[0].view as RegistryView };
  };

  before(async () => {
    url = registryEnv();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    // The loopback anonymous registry, added the way a user or keybinding would.
    await vscode.commands.executeCommand('containerCatalog.registries.add', { name: NAME, url });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('containerCatalog.registries.remove', { id, skipConfirmation: true }).then(undefined, () => undefined);
  });

  it('opens from the palette through a quick pick and shows the registry', async () => {
    const opening = vscode.commands.executeCommand(CommandIds.registriesOpenDetails);
    await chooseInQuickPick(NAME);
    await opening;
    await waitInPanel('vscode-textfield#name');
    // The panel loads the registry once the page said ready.
    const p = await eventually('the registry panel loaded', registryPanel, (x) => x.view !== undefined, NEW_WEBVIEW_MS);
    id = p.id;
    assert.equal(p.view.url, url);
    assert.deepEqual(await texts('h1'), [NAME]);
    // Listing is allowed on this registry: the count comes from the real `_catalog`.
    await waitForText('#listing', /lists \d+ repositories/);
    assert.equal((await registryPanel()).counters.cspViolations, 0, 'the page hit its CSP');
  });

  it('looks native in a dark and a light theme', async () => {
    await setTheme('Default Dark Modern');
    await screenshot('panel-registry-dark');
    await setTheme('Default Light Modern');
    await screenshot('panel-registry-light');
    await setTheme('Default Dark Modern');
    assert.equal((await registryPanel()).counters.cspViolations, 0);
  });

  it('reveals the open panel instead of opening a second one', async () => {
    await vscode.commands.executeCommand(CommandIds.registriesOpenDetails, { id });
    assert.equal((await panelsInfo()).length, 1);
  });

  it('offers Save only once the form differs from the registry (#17 rough edge), and again not once typed back', async () => {
    await waitForSelector('vscode-button#save[disabled]', WEBVIEW);
    await fillIn('vscode-textfield#name input', `${NAME} x`, WEBVIEW);
    await waitForSelector('vscode-button#save:not([disabled])', WEBVIEW);
    await fillIn('vscode-textfield#name input', NAME, WEBVIEW);
    await waitForSelector('vscode-button#save[disabled]', WEBVIEW);
  });

  it('shows an invalid URL inline, next to the field, and saves nothing', async () => {
    await fillIn('vscode-textfield#url input', 'http://exa mple.com', WEBVIEW);
    await clickIn('vscode-button#save', WEBVIEW);
    const error = await waitForText('#url-error', /./);
    assert.ok(error.length > 5, error);
    const p = await registryPanel();
    assert.equal(p.view.url, url, 'the bad URL reached the catalog');
    await screenshot('panel-registry-invalid-url');
    await clickIn('vscode-button#revert', WEBVIEW);
  });

  it('saves an edited name through the registries service; the catalog changes', async () => {
    await fillIn('vscode-textfield#name input', `${NAME} renamed`, WEBVIEW);
    await clickIn('vscode-button#save', WEBVIEW);
    await waitForText('h1', /renamed$/);
    const p = await eventually('the catalog row renamed', registryPanel, (x) => x.view.name === `${NAME} renamed`);
    assert.equal(p.view.url, url);
  });

  it('tracks a repository typed in the page, and shows a bad one inline', async () => {
    await fillIn('vscode-textfield#repository input', 'Not/A Repo', WEBVIEW);
    await clickIn('vscode-button#track', WEBVIEW);
    await waitForText('#repository-error', /./);
    await fillIn('vscode-textfield#repository input', 'team/alpha', WEBVIEW);
    await clickIn('vscode-button#track', WEBVIEW);
    await eventually('tracked repositories', registryPanel, (x) => x.view.tracked.includes('team/alpha'));
    await waitForText('#tracked li', /team\/alpha/);
  });

  it('a check or a tracked repository from the panel redraws just that registry in the Registries view', async () => {
    await vscode.commands.executeCommand(`${ViewIds.registries}.focus`);
    const row = `${REGISTRIES_PANE} .monaco-list-row[aria-level="1"]:has-text("${NAME} renamed")`;
    await waitForSelector(row, undefined, 20_000);
    // Open it: the tracked repository typed next must show up below it.
    if ((await queryPage(`${row}[aria-expanded="false"]`)).length) await clickIn(`${row} .monaco-tl-twistie`);
    await waitForSelector(`${REGISTRIES_PANE} .monaco-list-row[aria-level="2"]:has-text("team/alpha")`, undefined, 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    const settled = await redraws();

    await clickIn('vscode-button#verify', WEBVIEW);
    await eventually('a node redraw after the check', redraws, (r) => r.node > settled.node);
    await fillIn('vscode-textfield#repository input', 'team/beta', WEBVIEW);
    await clickIn('vscode-button#track', WEBVIEW);
    await waitForSelector(`${REGISTRIES_PANE} .monaco-list-row[aria-level="2"]:has-text("team/beta")`, undefined, 20_000);
    // Give a whole-list redraw the time it would take, had one been made.
    await new Promise((r) => setTimeout(r, 1000));
    const after = await redraws();
    assert.ok(after.node >= settled.node + 2, JSON.stringify({ settled, after }));
    assert.equal(after.full, settled.full, `the whole list was redrawn: ${JSON.stringify({ settled, after })}`);
    await screenshot('registries-view-node-redraw');

    // Refresh given the registry's node as the model has it now (newer than the element VS Code was
    // given before the node redraws): VS Code must be asked to read its children again.
    const snapshot = async () => (await vscode.commands.executeCommand<RegistryTreeNode[]>(CommandIds.registriesTreeSnapshot)) ?? [];
    const node = (await snapshot()).find((n) => n.type === 'registry' && n.id === id);
    assert.ok(node, 'the registry is not in the tree');
    await vscode.commands.executeCommand(CommandIds.registriesRefresh, node);
    await eventually('its listing read again', snapshot, (nodes) => nodes.some((n) => n.type === 'repository' && n.registryId === id && n.name === 'team/beta'));
  });

  it('rejects hostile messages from the page: nothing runs, nothing changes', async () => {
    const before = await registryPanel();
    const version = 'f'.repeat(32);
    const hostile: unknown[] = [
      { type: 'executeCommand', requestId: 1, command: 'containerCatalog.registries.remove' },
      { type: 'remove', requestId: 2 },
      { type: 'save', requestId: 3, version, name: 42, url, insecure: false, caFile: '' },
      { type: 'save', requestId: 4, version, name: 'x', url, insecure: 'true', caFile: '' },
      { type: 'save', requestId: 6, version, name: 'pwned', url, insecure: false, caFile: '', id: 'another' },
      { type: 'login', requestId: 7, username: 'alice', password: 'secret' },
      { type: 'untrack', requestId: '8', repository: 'team/alpha' },
      { type: 'untrack', requestId: 9, repository: ['team/alpha'] },
      { type: '__proto__', requestId: 10 },
      'save',
      null,
      [{ type: 'ready' }],
    ];
    for (const m of hostile) await postFromWebview(m);
    // A payload too large for any field (built in the page: the test's console line cannot carry it).
    await postFromWebview({ type: 'save', requestId: 5, version, name: '', url, insecure: false, caFile: '' }, WEBVIEW, { field: 'name', length: 300_000 });
    hostile.push('oversized save');
    const after = await eventually('rejections counted', registryPanel, (x) => x.counters.rejected >= before.counters.rejected + hostile.length);
    assert.equal(after.counters.rejected, before.counters.rejected + hostile.length);
    assert.equal(after.counters.accepted, before.counters.accepted, 'a hostile message was accepted');
    assert.deepEqual(after.view, before.view, 'the registry changed');
    // The page still works afterwards.
    assert.deepEqual(await texts('h1'), [before.view.name]);
  });

  it('closes with a message when the registry is removed elsewhere', async function () {
    // Last: the registry goes away while its panel is open.
    await vscode.commands.executeCommand(CommandIds.registriesOpenDetails, { id });
    await waitInPanel('vscode-textfield#name');
    await vscode.commands.executeCommand('containerCatalog.registries.remove', { id, skipConfirmation: true });
    await eventually('the panel closed', panelsInfo, (x) => !x.some((i) => i.kind === 'registry'));
  });
});
