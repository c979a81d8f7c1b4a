import * as assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ContainerCatalogApiV1 } from '../../api/container-catalog';
import { CommandIds, EXTENSION_ID, ImageCommandIds, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { lxc, lxcQuery } from './support/lxc';
import { pageRequest, waitForSelector } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';
import { arrangeViews } from './support/views';

const CONTAINERS = '.pane:has(> .pane-header[aria-label^="Containers"][aria-label$=" Section"])';
const QUICK = '.quick-input-widget';

/** Waits for the quick input showing `text`, replaces its value with `value` (if given) and accepts. */
async function answer(text: string, value?: string): Promise<void> {
  await waitForSelector(`${QUICK}:has-text("${text}")`, undefined, 20_000);
  if (value !== undefined) {
    await pageRequest({ op: 'press', key: 'Control+A' });
    await pageRequest({ op: 'type', text: value });
  }
  await pageRequest({ op: 'press', key: 'Enter' });
}

describe('Launch on LXD… from the palette: source, name, profiles, start, then the instance selected in the Containers view @page', function () {
  this.timeout(180_000);
  const server = `${need('CC_SIMPLESTREAMS_URL')}/ss`;
  const name = 'ui-launch';
  let restoreViews: () => Promise<void> = async () => undefined;
  const cleanup = async (): Promise<void> => {
    await lxc('delete', '-f', name).catch(() => undefined);
    await lxc('delete', '-f', `${name}-args`).catch(() => undefined);
    for (const img of await lxcQuery<{ fingerprint: string; aliases: unknown[] }[]>('/1.0/images?recursion=1')) {
      if (!img.aliases.length) await lxc('image', 'delete', img.fingerprint);
    }
  };

  before(async () => {
    await cleanup();
    // Only the loopback server, before anything could seed the catalog's list with the default one.
    await vscode.workspace.getConfiguration('containerCatalog.imageSources').update('simplestreamsServers', [server], vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    restoreViews = await arrangeViews({ 'Image Sources': false, Registries: false });
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: 'lxd' });
    await vscode.commands.executeCommand(ImageCommandIds.addSimplestreams, { url: server });
    await vscode.commands.executeCommand(ImageCommandIds.refresh, { type: 'Incus', force: true });
  });

  after(async () => {
    await cleanup();
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'lxd', confirmed: true });
    await vscode.commands.executeCommand(ImageCommandIds.removeSimplestreams, { url: server });
    await restoreViews();
  });

  it('launches alpine 3.20 picked from the palette, created only, with the default profile; the row is selected', async () => {
    const done = vscode.commands.executeCommand(CommandIds.containersLaunchImageSource);
    await answer('alpine', 'alpine 3.20 default amd64');
    await answer('Name of the new instance', name);
    await answer('default'); // the profiles multi-pick, "default" picked: accepted as is
    await answer('Only create it', 'Only create it');
    await done;
    await waitForSelector(`${CONTAINERS} .monaco-list-row.selected:has-text("${name}")`, undefined, 60_000);
    await screenshot('launch-image-source-selected', '#workbench\\.parts\\.sidebar');
    const i = await lxcQuery<{ profiles: string[]; status: string; config: Record<string, string> }>(`/1.0/instances/${name}`);
    assert.deepEqual(i.profiles, ['default']);
    assert.equal(i.status, 'Stopped');
    assert.equal(i.config['image.release'], '3.20');
  });

  it('with argument objects: an unknown key and a source that is gone are refused; nothing is created', async () => {
    const before = await lxcQuery<string[]>('/1.0/instances');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersLaunchImageSource, { engine: 'lxd', sourceId: 'x', name: 'y', colour: 'red' })), /unknown key "colour"/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersLaunchImageSource, { engine: 'lxd', sourceId: '00000000-0000-7000-8000-000000000000', name: 'y' })), /no image source/);
    assert.deepEqual(await lxcQuery<string[]>('/1.0/instances'), before);
  });

  it('called by code without "engine" or "profiles": no prompt, the only LXD engine and LXD\'s default profile; without "name" it rejects', async () => {
    const api = ((await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { getApi(v: 1): ContainerCatalogApiV1 }).getApi(1);
    const alpine = (await api.listImageSources()).find((s) => s.type === 'Incus' && s.name === 'alpine 3.20 default (amd64)');
    assert.ok(alpine, 'the simplestreams peer has alpine 3.20');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersLaunchImageSource, { sourceId: alpine.id, start: false })), /"name" is required/);
    // Resolves by itself: a quick pick here would hold the command until the test times out.
    const r = await vscode.commands.executeCommand<{ name: string; engine: string }>(CommandIds.containersLaunchImageSource, { sourceId: alpine.id, name: `${name}-args`, start: false });
    assert.deepEqual([r?.name, r?.engine], [`${name}-args`, 'lxd']);
    const i = await lxcQuery<{ profiles: string[]; status: string }>(`/1.0/instances/${name}-args`);
    assert.deepEqual([i.profiles, i.status], [['default'], 'Stopped']);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersLaunchImageSource, { engine: 'no-such-engine', sourceId: alpine.id, name: 'y' })), /no-such-engine/);
    // Two LXD engines (the second one at a socket nobody serves; its failed sync leaves it connected):
    // which one is not guessed and not asked.
    await Promise.resolve(vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: join(tmpdir(), 'cc-launch-no-lxd.socket'), name: 'lxd-two' })).catch(() => undefined);
    try {
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand(CommandIds.containersLaunchImageSource, { sourceId: alpine.id, name: 'y', start: false })),
        /"engine" is required when several lxd engines are connected \((lxd, lxd-two|lxd-two, lxd)\)/,
      );
    } finally {
      await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'lxd-two', confirmed: true });
    }
    assert.ok(!(await lxcQuery<string[]>('/1.0/instances')).some((i) => i.endsWith('/y')), 'nothing was created');
  });
});
