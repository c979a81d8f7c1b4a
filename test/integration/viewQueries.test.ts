import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, ImageCommandIds, VIEW_CONTAINER_ID, ViewQueryCommandIds as Q, viewQueryCommand } from '../../src/providers/platform/ids';
import type { ViewQuery } from '../../src/shared/viewQuery';
import { clickIn, pageRequest, queryPage, waitForSelector } from './support/page';
import { screenshot } from './support/screenshot';
import { chooseInQuickPick, eventually, setTheme } from './panels/panelDriver';
import { need } from './support/peerEnv';
import { registryPeer, type RegistryPeer } from '../unit/registries/registryPeer';

// The header's aria-label starts with the view's name (a description, once set, follows it).
const pane = (name: string): string => `.pane:has(> .pane-header[aria-label^="${name}"])`;
const QUICK_TITLE = '.quick-input-widget .quick-input-title';

/** Texts of the visible rows of a view: label and description as the row reads (no separator: "webRunning"). */
async function rows(view: string): Promise<string[]> {
  return (await queryPage(`${pane(view)} .monaco-list-row`)).filter((r) => r.visible).map((r) => r.text.replace(/\s+/g, ' ').trim());
}

/** What the view's header shows next to its title (the query's description). */
async function description(view: string): Promise<string> {
  return (await queryPage(`${pane(view)} > .pane-header .description`)).map((d) => d.text.trim()).join('');
}

/**
 * The tree re-renders shortly after a change (debounced); a page query during the re-render can wait on
 * rows that are gone (the driver reads row by row), so each look waits for it to settle first.
 */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 800));

async function rowsUntil(view: string, check: (r: string[]) => boolean, what: string): Promise<string[]> {
  try {
    return await eventually(`${view}: ${what}`, async () => {
      await settle();
      return rows(view);
    }, check, 30_000);
  } catch (e) {
    await screenshot(`view-query-failed-${view.replace(/\W/g, '')}`).catch(() => undefined);
    throw e;
  }
}

/** Runs a command that asks with quick picks, answering each in turn (waiting for each pick's title). */
async function throughPicks<T>(command: string, answers: readonly { title: string; choose: string }[]): Promise<T> {
  const running = vscode.commands.executeCommand<T>(command);
  for (const a of answers) {
    await waitForSelector(`${QUICK_TITLE}:has-text("${a.title}")`);
    await chooseInQuickPick(a.choose);
  }
  return running;
}

describe('views filter, sort and group @page', function () {
  this.timeout(180_000);
  const lxdSocket = need('CC_LXD_SOCKET');
  const running = need('CC_LXD_RUNNING');
  let peer: RegistryPeer;
  const simplestreams = `${need('CC_SIMPLESTREAMS_URL')}/ss`;
  let registryId = '';
  /** The theme the suite found (restored after the dark and light screenshots). */
  const theme = vscode.workspace.getConfiguration('workbench').inspect<string>('colorTheme')?.globalValue;

  before(async () => {
    peer = registryPeer();
    await vscode.workspace.getConfiguration('containerCatalog.imageSources').update('simplestreamsServers', [simplestreams], vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    for (const key of ['registries', 'imageSources', 'containers'] as const) await vscode.commands.executeCommand(viewQueryCommand(Q[key], 'clear'));
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: lxdSocket, name: 'lxd' });
  });

  after(async () => {
    for (const key of ['registries', 'imageSources', 'containers'] as const) await vscode.commands.executeCommand(viewQueryCommand(Q[key], 'clear'));
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    // Leave the catalog as the other suites expect it.
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'lxd', confirmed: true });
    if (registryId) await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: registryId, skipConfirmation: true });
    await vscode.commands.executeCommand(ImageCommandIds.removeSimplestreams, { url: simplestreams });
  });

  it('Containers: filters by state through quick picks, shows it in the description, groups by profile', async () => {
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    await rowsUntil('Containers', (r) => r.some((x) => x.startsWith('ct-plain')) && r.some((x) => x.startsWith(`${running}Running`)), 'the LXD containers with live state');
    const filtered = await throughPicks<ViewQuery>(viewQueryCommand(Q.containers, 'filter'), [
      { title: 'Filter Containers: by', choose: 'state' },
      { title: 'Filter Containers: state', choose: 'Running' },
    ]);
    // The clear before left the settings' defaults (name, engine) in place.
    assert.deepEqual(filtered, { fields: { state: 'Running' }, sort: 'name', group: 'engine' });
    const shown = await rowsUntil('Containers', (r) => !r.some((x) => x.startsWith('ct-plain')), 'only the running containers');
    assert.ok(shown.some((x) => x.startsWith(`${running}Running`)), JSON.stringify(shown));
    assert.equal(await description('Containers'), 'filtered: Running');

    const grouped = await throughPicks<ViewQuery>(viewQueryCommand(Q.containers, 'group'), [{ title: 'Group Containers by', choose: 'profile' }]);
    assert.deepEqual(grouped, { fields: { state: 'Running' }, sort: 'name', group: 'profile' });
    const groups = await rowsUntil('Containers', (r) => r.some((x) => x === 'web1'), 'the profile groups');
    // The running container sits in each of its profiles' groups, its engine named; the engine keeps its other groups.
    assert.ok(groups.includes('default1') && groups.some((x) => x.startsWith(`${running}Running`) && x.endsWith('· lxd')), JSON.stringify(groups));
    assert.equal(await description('Containers'), 'filtered: Running · by profile');
    await setTheme('Default Dark Modern');
    await screenshot('view-query-containers-dark', '#workbench\\.parts\\.sidebar');
    await setTheme('Default Light Modern');
    await screenshot('view-query-containers-light', '#workbench\\.parts\\.sidebar');
    await setTheme(theme ?? 'Default Light Modern');

    // Called by code: an argument object; a value no row shows, or an unknown sort, is refused and nothing changes.
    assert.deepEqual(await vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'sort'), { sort: 'created' }), { fields: { state: 'Running' }, group: 'profile', sort: 'created' });
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'sort'), { sort: 'size' })), /"sort" must be one of name, state, created/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'filter'), { field: 'state', value: 'Flying' })), /no row of the Containers view shows state "Flying"/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(viewQueryCommand(Q.containers, 'filter'), { colour: 'red' })), /unknown key "colour"/);
    assert.equal(await description('Containers'), 'filtered: Running · by profile · sorted by created');

    // One click on the title's clear action (shown while the view has focus): everything as the view lays it out.
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    await clickIn(`${pane('Containers')} > .pane-header .actions a[aria-label="Clear Containers Filter, Sort and Grouping"]`);
    await rowsUntil('Containers', (r) => r.some((x) => x.startsWith('ct-plain')) && r.some((x) => x.startsWith('lxdsynced')), 'the engine layout again');
    assert.equal(await description('Containers'), '');
  });

  it('Registries: grouped by login, filtered by text typed in the pick', async () => {
    const added = await vscode.commands.executeCommand<{ id: string }>(CommandIds.registriesAdd, { name: 'vq-basic', url: `http://${peer.basic}/` });
    registryId = added.id;
    await vscode.commands.executeCommand(CommandIds.registriesLogin, { id: registryId, username: peer.user, password: peer.password });
    await vscode.commands.executeCommand('containerCatalog.registries.focus');
    await throughPicks(viewQueryCommand(Q.registries, 'group'), [{ title: 'Group Registries by', choose: 'login' }]);
    await rowsUntil('Registries', (r) => r.includes('logged in1'), 'the login groups');
    assert.equal(await description('Registries'), 'by login');

    const typed = vscode.commands.executeCommand<ViewQuery>(viewQueryCommand(Q.registries, 'filter'));
    await waitForSelector(`${QUICK_TITLE}:has-text("Filter Registries: by")`);
    await chooseInQuickPick('Text');
    await waitForSelector(`${QUICK_TITLE}:has-text("Filter Registries: text")`);
    await pageRequest({ op: 'type', text: 'vq-' });
    await pageRequest({ op: 'press', key: 'Enter' });
    assert.deepEqual(await typed, { group: 'login', sort: 'name', text: 'vq-' });
    const only = await rowsUntil('Registries', (r) => !r.some((x) => x.startsWith('not logged in')), 'only the matching registry');
    assert.deepEqual(only.map((x) => x.slice(0, 11)), ['logged in1', 'vq-basiclog'], JSON.stringify(only));
    assert.equal(await description('Registries'), 'filtered: "vq-" · by login');
    await screenshot('view-query-registries', '#workbench\\.parts\\.sidebar');
  });

  it('Image Sources: grouped by distribution across types, filtered by type', async () => {
    await vscode.commands.executeCommand(ImageCommandIds.addSimplestreams, { url: simplestreams });
    await vscode.commands.executeCommand(ImageCommandIds.refresh, { type: 'Incus', force: true });
    await vscode.commands.executeCommand('containerCatalog.imageSources.focus');
    await vscode.commands.executeCommand(viewQueryCommand(Q.imageSources, 'group'), { group: 'distribution' });
    await throughPicks(viewQueryCommand(Q.imageSources, 'filter'), [
      { title: 'Filter Image Sources: by', choose: 'arch' },
      { title: 'Filter Image Sources: arch', choose: 'arm64' },
    ]);
    const r = await rowsUntil('Image Sources', (x) => x.some((t) => t.startsWith('Filter: arch=arm64')) && x.some((t) => t.startsWith('alpine')), 'the filtered distribution groups');
    assert.ok(!r.some((t) => t.startsWith('Simplestreams')), `grouped by distribution, no type rows: ${JSON.stringify(r)}`);
    assert.ok(!r.some((t) => t.startsWith('debian')), 'debian has no arm64 image');
    assert.equal(await description('Image Sources'), 'filtered: arm64 · by distribution');
    await screenshot('view-query-image-sources', '#workbench\\.parts\\.sidebar');
  });
});
