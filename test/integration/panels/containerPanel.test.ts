import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID } from '../../../src/providers/platform/ids';
import type { ContainerView } from '../../../src/webviews/container/protocol';
import type { NetworkView } from '../../../src/webviews/network/protocol';
import { clickIn, fillIn, postFromWebview } from '../support/page';
import { screenshot } from '../support/screenshot';
import { chooseInQuickPick, eventually, NEW_WEBVIEW_MS, panelsInfo, setTheme, texts, waitForText, waitInPanel, WEBVIEW } from './panelDriver';
import { need } from '../support/peerEnv';
import { lxc, lxcQuery } from '../support/lxc';

const ENGINE = 'lxd-panels';
const NAME = 'pt-ui';

type ApiInstance = { config: Record<string, string>; profiles: string[] };

describe('container and network detail panels on the real LXD @page', function () {
  this.timeout(180_000);

  /** The real `lxc` client, asynchronously (a blocked extension host could not read LXD's answers). */
  const api = async (): Promise<ApiInstance> => lxcQuery<ApiInstance>(`/1.0/instances/${NAME}`);
  const panel = async <V>(kind: string) => {
    const p = (await panelsInfo()).filter((i) => i.kind === kind);
    assert.equal(p.length, 1, `expected one ${kind} panel, got ${p.length}`);
    return { ...p[0], view: p[0].view as V };
  };

  before(async () => {
    await lxc('delete', '-f', NAME).catch(() => undefined);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: ENGINE });
    const created = await vscode.commands.executeCommand(CommandIds.containersCreate, { engine: ENGINE, name: NAME, image: need('CC_LXD_IMAGE_ALIAS'), profiles: ['default', 'limits', 'web'] });
    assert.equal(created, true, 'the container was not created');
    // The create command answers before LXD is done (it does not await the action): wait for LXD,
    // then sync so the catalog has the container.
    await eventually('LXD has the container', () => api().then(() => true, () => false), (x) => x, 60_000);
    await vscode.commands.executeCommand(CommandIds.enginesSync, { engine: ENGINE });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setTheme('Default Dark Modern');
    await vscode.commands.executeCommand(CommandIds.containersDelete, { engine: ENGINE, container: NAME, confirmed: true });
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: ENGINE, confirmed: true });
  });

  it('opens from the palette and shows the container with its live state', async () => {
    const opening = vscode.commands.executeCommand(CommandIds.containersOpenDetails);
    await chooseInQuickPick(NAME);
    await opening;
    await waitInPanel('vscode-tabs#tabs');
    const p = await eventually('the container panel loaded', () => panel<ContainerView>('container'), (x) => x.view !== undefined);
    assert.deepEqual(p.view.profiles, ['default', 'limits', 'web']);
    assert.deepEqual(await texts('h1'), [NAME]);
    await waitForText('#live', /Stopped/);
    await screenshot('panel-container-overview-dark');
  });

  it('edits a config key in the Config tab: LXD and the catalog change', async () => {
    await clickIn('vscode-tab-header[data-tab=\"1\"]', WEBVIEW);
    await fillIn('vscode-textfield#cfg-key input', 'user.panel-note', WEBVIEW);
    await fillIn('vscode-textfield#cfg-value input', 'set in the panel', WEBVIEW);
    await clickIn('vscode-button#cfg-save', WEBVIEW);
    await waitForText('#config-table td', /set in the panel/);
    assert.equal((await api()).config['user.panel-note'], 'set in the panel');
    const p = await eventually('the catalog has the key', () => panel<ContainerView>('container'), (x) => x.view.config.some((c) => c.key === 'user.panel-note'));
    assert.equal(p.view.config.find((c) => c.key === 'user.panel-note')?.value, 'set in the panel');
    await screenshot('panel-container-config-dark');
  });

  it('shows a value LXD refuses inline, and saves nothing', async () => {
    await fillIn('vscode-textfield#cfg-key input', 'limits.cpu', WEBVIEW);
    await fillIn('vscode-textfield#cfg-value input', 'lots', WEBVIEW);
    await clickIn('vscode-button#cfg-save', WEBVIEW);
    const error = await waitForText('#cfg-value-error', /./);
    assert.ok(error.length > 5, error);
    assert.equal((await api()).config['limits.cpu'], undefined, 'LXD got the bad value');
    const p = await panel<ContainerView>('container');
    assert.ok(!p.view.config.some((c) => c.key === 'limits.cpu'), 'the catalog got the bad value');
    await setTheme('Default Light Modern');
    await screenshot('panel-container-invalid-light');
    await setTheme('Default Dark Modern');
  });

  it('reorders profiles from the Profiles tab: one change on LXD', async () => {
    await clickIn('vscode-tab-header[data-tab=\"3\"]', WEBVIEW);
    await clickIn('vscode-button#prof-down-1', WEBVIEW);
    await eventually('LXD profile order', async () => (await api()).profiles, (p) => p.join(',') === 'default,web,limits');
    await eventually('catalog profile order', () => panel<ContainerView>('container'), (x) => x.view.profiles.join(',') === 'default,web,limits');
    await waitForText('#profiles li', /limits/);
    assert.deepEqual(await texts('#profiles li .grow'), ['default', 'web', 'limits']);
    await screenshot('panel-container-profiles-dark');
  });

  it('shows the effective config with where each value comes from', async () => {
    await clickIn('vscode-tab-header[data-tab=\"5\"]', WEBVIEW);
    // limits is applied last now: its limits.memory (128MB) overrides web's.
    await waitForText('#effective-config tr', /limits\.memory\s+128MB\s+profile limits \(overrides profile web\)/);
    await screenshot('panel-container-effective-dark');
  });

  it('rejects hostile messages: LXD and the catalog stay as they were', async () => {
    const before = await panel<ContainerView>('container');
    const lxdBefore = await api();
    const version = 'a'.repeat(32);
    const hostile: unknown[] = [
      { type: 'exec', requestId: 1, command: ['sh', '-c', 'id'] },
      { type: 'setConfig', requestId: 2, version, key: 'user.x', value: { toString: 'x' } },
      { type: 'setConfig', requestId: 3, version, key: 'user.x', value: 'v', engine: 'other' },
      { type: 'setProfiles', requestId: 4, version, profiles: [['default']] },
      { type: 'lifecycle', requestId: 5, action: 'delete' },
      { type: 'deleteSnapshot', requestId: -1, snapshot: 's' },
      { type: 'openNetwork', requestId: 6, network: '/etc/passwd' },
    ];
    for (const m of hostile) await postFromWebview(m);
    await postFromWebview({ type: 'setConfig', requestId: 7, version, key: 'user.big', value: '' }, WEBVIEW, { field: 'value', length: 1_000_000 });
    const after = await eventually('rejections counted', () => panel<ContainerView>('container'), (x) => x.counters.rejected >= before.counters.rejected + hostile.length + 1);
    assert.equal(after.counters.accepted, before.counters.accepted);
    assert.deepEqual(after.view, before.view);
    assert.deepEqual(await api(), lxdBefore);
  });

  it('opens the network from Uses and answers "which containers use it" (the br0 question)', async () => {
    await clickIn('vscode-tab-header[data-tab=\"6\"]', WEBVIEW);
    await clickIn('vscode-button#net-open-0', WEBVIEW);
    const n = await eventually('the network panel', async () => (await panelsInfo()).find((i) => i.kind === 'network'), (x) => x?.view !== undefined, NEW_WEBVIEW_MS);
    const view = n?.view as NetworkView;
    assert.equal(view.name, need('CC_LXD_BRIDGE'));
    assert.ok(view.usedBy.some((u) => u.name === NAME), JSON.stringify(view.usedBy));
    await waitForText('#users li', new RegExp(NAME));
    await screenshot('panel-network-dark');
    await setTheme('Default Light Modern');
    await screenshot('panel-network-light');
    await setTheme('Default Dark Modern');
  });
});
