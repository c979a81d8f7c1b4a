import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../../src/providers/platform/ids';
import type { ContainerView } from '../../../src/webviews/container/protocol';
import type { ProfileView } from '../../../src/webviews/profile/protocol';
import { clickIn, fillIn, postFromWebview, queryPage, waitForSelector } from '../support/page';
import { screenshot } from '../support/screenshot';
import { chooseInQuickPick, clickRowToOpen, eventually, NEW_WEBVIEW_MS, panelsInfo, setTheme, texts, waitForText, waitInPanel, WEBVIEW } from './panelDriver';
import { need } from '../support/peerEnv';
import { lxc, lxcQuery } from '../support/lxc';

const ENGINE = 'lxd-profile-ui';
// Our own profile and container: the peer's default/web/limits profiles are shared by every suite.
const PROFILE = 'cc-panels-ui';
const USER = 'pp-ui-user';
const PANE = '.pane:has(> .pane-header[aria-label^="Containers"][aria-label$=" Section"])';

type ApiProfile = { description: string; config: Record<string, string>; devices: Record<string, Record<string, string>> };

describe('profile detail panel on the real LXD @page', function () {
  this.timeout(180_000);
  let engineId: number;

  const api = (): Promise<ApiProfile> => lxcQuery<ApiProfile>(`/1.0/profiles/${PROFILE}`);
  const panels = async (kind: string) => (await panelsInfo()).filter((i) => i.kind === kind);
  const profilePanel = async () => {
    const p = await panels('profile');
    assert.equal(p.length, 1, `expected one profile panel, got ${p.length}`);
    return { ...p[0], view: p[0].view as ProfileView };
  };
  const cleanup = async () => {
    await lxc('delete', '-f', USER).catch(() => undefined);
    await lxc('profile', 'delete', PROFILE).catch(() => undefined);
  };

  before(async () => {
    await cleanup();
    await lxc('profile', 'create', PROFILE);
    await lxc('profile', 'set', PROFILE, 'user.team', 'ui');
    await lxc('profile', 'set', PROFILE, 'limits.memory', '200MB');
    await lxc('query', '-X', 'PATCH', `/1.0/profiles/${PROFILE}`, '--data', JSON.stringify({ description: 'Profile panel UI tests' }));
    await lxc('init', need('CC_LXD_IMAGE_ALIAS'), USER, '-p', 'default', '-p', PROFILE);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const engine = await vscode.commands.executeCommand<{ id: number }>(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: ENGINE });
    assert.ok(engine, 'the engine was not connected');
    engineId = engine.id;
    await vscode.commands.executeCommand(CommandIds.enginesSync, { engine: ENGINE });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setTheme('Default Dark Modern');
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: ENGINE, confirmed: true });
    await cleanup();
  });

  it('opens from the palette quick pick and shows the profile, its config, devices and users', async () => {
    const opening = vscode.commands.executeCommand(CommandIds.profilesOpenDetails);
    await chooseInQuickPick(PROFILE);
    await opening;
    await waitInPanel('vscode-tabs#tabs');
    const p = await eventually('the profile panel loaded', profilePanel, (x) => x.view !== undefined, NEW_WEBVIEW_MS);
    assert.equal(p.view.description, 'Profile panel UI tests');
    assert.deepEqual(p.view.usedBy.map((u) => u.name), [USER]);
    assert.deepEqual(await texts('h1'), [PROFILE]);
    await waitForText('#scope-note', /1 container using this profile/);
    // Save is offered only once the description differs from the profile's.
    await waitForSelector('vscode-button#description-save[disabled]', WEBVIEW);
    await fillIn('vscode-textfield#description input', 'Profile panel UI tests, edited', WEBVIEW);
    await waitForSelector('vscode-button#description-save:not([disabled])', WEBVIEW);
    await fillIn('vscode-textfield#description input', 'Profile panel UI tests', WEBVIEW);
    await waitForSelector('vscode-button#description-save[disabled]', WEBVIEW);
    await screenshot('panel-profile-dark');
    await clickIn('vscode-tab-header[data-tab="1"]', WEBVIEW);
    await waitForText('#config-table tr', /user\.team\s+ui/);
  });

  it('edits a config key through the page: LXD and the catalog change', async () => {
    await fillIn('vscode-textfield#cfg-key input', 'user.panel-note', WEBVIEW);
    await fillIn('vscode-textfield#cfg-value input', 'set in the profile panel', WEBVIEW);
    await clickIn('vscode-button#cfg-save', WEBVIEW);
    await waitForText('#config-table td', /set in the profile panel/);
    assert.equal((await api()).config['user.panel-note'], 'set in the profile panel');
    const p = await eventually('the catalog has the key', profilePanel, (x) => x.view.config.some((c) => c.key === 'user.panel-note'));
    assert.equal(p.view.config.find((c) => c.key === 'user.panel-note')?.value, 'set in the profile panel');
    await screenshot('panel-profile-config-dark');
  });

  it('shows a value LXD refuses (limits.cpu = abc) next to the field, and saves nothing', async () => {
    const before = await profilePanel();
    await fillIn('vscode-textfield#cfg-key input', 'limits.cpu', WEBVIEW);
    await fillIn('vscode-textfield#cfg-value input', 'abc', WEBVIEW);
    await clickIn('vscode-button#cfg-save', WEBVIEW);
    const error = await waitForText('#cfg-value-error', /./);
    assert.match(error, /CPU/i);
    assert.equal((await api()).config['limits.cpu'], undefined, 'LXD got the bad value');
    const after = await profilePanel();
    assert.deepEqual(after.view, before.view, 'the catalog changed');
    await setTheme('Default Light Modern');
    await screenshot('panel-profile-invalid-light');
    await setTheme('Default Dark Modern');
  });

  it('adds and removes a device through the page', async () => {
    await clickIn('vscode-tab-header[data-tab="2"]', WEBVIEW);
    await fillIn('vscode-textfield#dev-name input', 'scratch', WEBVIEW);
    await fillIn('vscode-textfield#dev-config input', 'type=disk path=/mnt/scratch source=/tmp', WEBVIEW);
    await clickIn('vscode-button#dev-add', WEBVIEW);
    await waitForText('#devices h3', /scratch/);
    assert.deepEqual((await api()).devices.scratch, { type: 'disk', path: '/mnt/scratch', source: '/tmp' });
    await eventually('the catalog has the device', profilePanel, (x) => x.view.devices.some((d) => d.name === 'scratch'));
    await screenshot('panel-profile-device-dark');

    // Removing a profile's device touches every container using it: the page asks first.
    await clickIn('vscode-button#dev-remove-0', WEBVIEW);
    await waitForText('.device .note', /Remove device scratch from cc-panels-ui and so from the 1 container using it\?/);
    await clickIn('vscode-button#dev-cancel-remove-0', WEBVIEW);
    await waitInPanel('vscode-button#dev-remove-0');
    assert.ok((await api()).devices.scratch, 'Cancel removed the device');
    await clickIn('vscode-button#dev-remove-0', WEBVIEW);
    await setTheme('Default Light Modern');
    await screenshot('panel-profile-remove-confirm-light');
    await setTheme('Default Dark Modern');
    await clickIn('vscode-button#dev-confirm-remove-0', WEBVIEW);
    await eventually('LXD dropped the device', api, (x) => x.devices.scratch === undefined);
    await eventually('the catalog dropped the device', profilePanel, (x) => x.view.devices.length === 0);
    await waitForSelector('#devices-none', WEBVIEW);
  });

  it('rejects hostile messages (wrong types, unknown commands, huge payloads): nothing changes', async () => {
    const before = await profilePanel();
    const lxdBefore = await api();
    const version = 'a'.repeat(32);
    const hostile: unknown[] = [
      { type: 'exec', requestId: 1, command: ['sh', '-c', 'id'] },
      { type: 'setConfig', requestId: 2, version, key: 'user.x', value: { toString: 'x' } },
      { type: 'setConfig', requestId: 3, version, key: 'user.x', value: 'v', engine: 'other' },
      { type: 'addDevice', requestId: 4, version, device: 'd', config: [['type', 'disk']] },
      { type: 'setDescription', requestId: 5, version, description: 42 },
      { type: 'removeDevice', requestId: -1, version, device: 'root' },
      { type: 'openContainer', requestId: 6, container: '/etc/passwd' },
    ];
    for (const m of hostile) await postFromWebview(m);
    await postFromWebview({ type: 'setConfig', requestId: 7, version, key: 'user.big', value: '' }, WEBVIEW, { field: 'value', length: 1_000_000 });
    const after = await eventually('rejections counted', profilePanel, (x) => x.counters.rejected >= before.counters.rejected + hostile.length + 1);
    assert.equal(after.counters.accepted, before.counters.accepted);
    assert.deepEqual(after.view, before.view);
    assert.deepEqual(await api(), lxdBefore);
  });

  it('opens a container from Used by, and the profile again from the container panel', async () => {
    await clickIn('vscode-tab-header[data-tab="3"]', WEBVIEW);
    await waitForText('#users li', new RegExp(USER));
    await screenshot('panel-profile-users-dark');
    await clickIn('vscode-button#open-0', WEBVIEW);
    const c = await eventually('the container panel', async () => (await panels('container'))[0], (x) => x?.view !== undefined, NEW_WEBVIEW_MS);
    assert.equal((c?.view as ContainerView).name, USER);
    assert.ok((c?.view as ContainerView).profiles.includes(PROFILE));
    await waitForText('h1', new RegExp(USER));
    // And back: the container panel's Profiles tab links to the profile's panel.
    await clickIn('vscode-tab-header[data-tab="3"]', WEBVIEW);
    await waitForText('#profiles li', new RegExp(PROFILE));
    assert.deepEqual(await texts('#profiles li .grow'), ['default', PROFILE]);
    await clickIn('vscode-button#prof-open-1', WEBVIEW);
    await eventually('the profile panel shown again', () => panels('profile'), (x) => x.length === 1 && x[0].visible, NEW_WEBVIEW_MS);
    await waitForText('h1', new RegExp(PROFILE), NEW_WEBVIEW_MS);
  });

  it('opens from { id } and from a click on the profile in the Containers view', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const id = `${engineId}/${PROFILE}`;
    await vscode.commands.executeCommand(CommandIds.profilesOpenDetails, { id });
    const byId = await eventually('the panel opened from { id }', () => panels('profile'), (x) => x.length === 1 && x[0].view !== undefined, NEW_WEBVIEW_MS);
    assert.equal(byId[0].id, id);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await eventually('no panel open', () => panels('profile'), (x) => x.length === 0);

    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    const engineRow = `${PANE} .monaco-list-row[aria-level="1"]:has-text("${ENGINE}")`;
    await waitForSelector(engineRow, undefined, 20_000);
    // The engine's "Profiles" group, then our profile in it: a single click opens its panel.
    const group = `${PANE} .monaco-list-row[aria-level="2"]:has-text("Profiles")`;
    await waitForSelector(group, undefined, 20_000);
    const profileRow = `${PANE} .monaco-list-row[aria-level="3"]:has-text("${PROFILE}")`;
    if ((await queryPage(profileRow)).filter((r) => r.visible).length === 0) await clickIn(group);
    await waitForSelector(profileRow, undefined, 20_000);
    await clickRowToOpen(profileRow, async () => (await panels('profile')).length === 1);
    const byClick = await eventually('the panel opened by a click in the tree', () => panels('profile'), (x) => x.length === 1 && x[0].view !== undefined, NEW_WEBVIEW_MS);
    assert.equal(byClick[0].id, id);
    await waitInPanel('vscode-tabs#tabs');
    await screenshot('panel-profile-from-tree-dark');
  });
});
