import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { podman, podmanPeer, type PodmanPeer } from '../unit/containers/enginePeers';
import { registryPeer, type RegistryPeer } from '../unit/registries/registryPeer';
import { pageRequest, queryPage, waitForSelector } from './support/page';
import { screenshot } from './support/screenshot';
import { arrangeViews } from './support/views';
import { freePort } from '../support/freePort';

const REGISTRIES = '.pane:has(> .pane-header[aria-label^="Registries"][aria-label$=" Section"])';
const CONTAINERS = '.pane:has(> .pane-header[aria-label^="Containers"][aria-label$=" Section"])';
const QUICK = '.quick-input-widget';

/** Waits for the quick input to ask `prompt`, replaces its value with `text` and accepts it. */
async function answer(prompt: string, text: string): Promise<void> {
  await waitForSelector(`${QUICK}:has-text("${prompt}")`, undefined, 20_000);
  await pageRequest({ op: 'press', key: 'Control+A' });
  if (text) await pageRequest({ op: 'type', text });
  else await pageRequest({ op: 'press', key: 'Backspace' });
  await pageRequest({ op: 'press', key: 'Enter' });
}

describe('Run… on a registry tag, from the palette to the container selected in the Containers view; the tag row offers Launch… only @page', function () {
  this.timeout(180_000);
  let reg: RegistryPeer;
  let pod: PodmanPeer;
  const name = 'ui-run-alpha';
  let restoreViews: () => Promise<void> = async () => undefined;
  const tryPodman = (args: string[]): string | undefined => {
    try {
      return podman(pod, args);
    } catch {
      return undefined;
    }
  };

  before(async () => {
    reg = registryPeer();
    pod = podmanPeer();
    tryPodman(['rm', '-f', name]);
    tryPodman(['rmi', `${reg.anon}/team/alpha:1.0`]);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    // Registries and Containers open, Image Sources folded (restored after).
    restoreViews = await arrangeViews({ 'Image Sources': false, Registries: true, Containers: true });
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'podman', endpoint: pod.socket, name: 'podman' });
    await vscode.commands.executeCommand(CommandIds.registriesAdd, { name: 'Test registry (anonymous)', url: reg.anon });
  });

  after(async () => {
    tryPodman(['rm', '-f', name]);
    tryPodman(['rmi', `${reg.anon}/team/alpha:1.0`]);
    tryPodman(['rmi', `${reg.anon}/team/beta:1.0`]);
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'podman', confirmed: true });
    await vscode.commands.executeCommand(CommandIds.registriesRemove, { url: reg.anon, skipConfirmation: true });
    await restoreViews();
  });

  it('the tag row offers Launch… once (menu and inline) and no Run…; Run… from the palette runs team/alpha:1.0 with port and env; the row is selected', async () => {
    const port = await freePort();
    const row = (text: string) => `${REGISTRIES} .monaco-list-row:has-text("${text}")`;
    await pageRequest({ op: 'click', selector: row('Test registry (anonymous)') });
    await waitForSelector(row('team/alpha'));
    // By keyboard down to the repository (the mouse would raise hovers over the rows below).
    for (let i = 0; i < 12 && !(await queryPage(`${row('team/alpha')}.focused`)).length; i++) await pageRequest({ op: 'press', key: 'ArrowDown' });
    await waitForSelector(`${row('team/alpha')}.focused`);
    await pageRequest({ op: 'press', key: 'ArrowRight' });
    await waitForSelector(row('1.0'));
    await pageRequest({ op: 'press', key: 'ArrowDown' });
    await waitForSelector(`${row('1.0')}.focused`);
    // The focused row shows its inline actions: the Launch panel's, not the older Run… (one entry per row).
    const inline = (await queryPage(`${row('1.0')}.focused .actions .action-label`)).map((e) => e.ariaLabel ?? e.text);
    assert.ok(inline.includes('Launch…') && !inline.includes('Run…'), JSON.stringify(inline));
    await pageRequest({ op: 'press', key: 'Shift+F10' });
    await waitForSelector('.context-view .action-item:has-text("Launch…")');
    const menu = (await queryPage('.context-view .action-item')).filter((e) => e.visible).map((e) => e.text.trim()).filter(Boolean);
    assert.equal(menu.filter((t) => t.startsWith('Launch…')).length, 1, JSON.stringify(menu));
    assert.ok(!menu.some((t) => t.startsWith('Run…')), JSON.stringify(menu));
    await screenshot('run-tag-context-menu');
    await pageRequest({ op: 'press', key: 'Escape' });

    // The older command stays in the palette: registry, REPOSITORY:TAG, then the same questions.
    const done = vscode.commands.executeCommand(CommandIds.containersRunRegistryTag);
    // A quick pick of the registries (its placeholder is not text): the row's name, typed to filter.
    await answer('Test registry (anonymous)', 'Test registry (anonymous)');
    await answer('Repository and tag on', 'team/alpha:1.0');
    await answer('Name of the new container', name);
    await answer('Ports to publish', `127.0.0.1:${port}:8080`);
    await answer('Environment variable KEY=VALUE', 'GREETING=hello from the menu');
    await answer('Another environment variable', '');
    // A quick pick (its title is a placeholder, not text): typed to filter, Enter takes the match.
    await answer('Engine default', pod.network);
    await done;

    const selected = `${CONTAINERS} .monaco-list-row.selected:has-text("${name}")`;
    await waitForSelector(selected, undefined, 60_000);
    await screenshot('run-tag-selected');
    await screenshot('run-tag-selected-sidebar', '#workbench\\.parts\\.sidebar');

    const i = JSON.parse(podman(pod, ['container', 'inspect', name]))[0] as { Config: { Env: string[] }; HostConfig: { PortBindings: Record<string, unknown> }; State: { StartedAt: string } };
    assert.ok(i.Config.Env.includes('GREETING=hello from the menu'), i.Config.Env.join(', '));
    assert.deepEqual(i.HostConfig.PortBindings['8080/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(port) }]);
    // Started (the image's /bin/sh exits at once without a terminal, so it shows as Exited).
    assert.ok(!i.State.StartedAt.startsWith('0001-'), `never started: ${i.State.StartedAt}`);
  });

  it('with argument objects: a bad key or port is refused; pull and remove an engine image; prune refuses a bad argument', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(CommandIds.containersRunRegistryTag, { engine: 'podman', registry: reg.anon, repository: 'team/alpha', tag: '1.0', name: 'x', colour: 'red' })),
      /unknown key "colour"/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(CommandIds.containersRunRegistryTag, { engine: 'podman', registry: reg.anon, repository: 'team/alpha', tag: '1.0', name: 'x', ports: ['80'] })),
      /not a port mapping/,
    );
    const pulled = await vscode.commands.executeCommand<{ image: string }>(CommandIds.engineImagesPull, { engine: 'podman', registry: reg.anon, repository: 'team/beta', tag: '1.0' });
    assert.equal(pulled?.image, `${reg.anon}/team/beta:1.0`);
    assert.ok(tryPodman(['image', 'inspect', pulled.image]));
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(CommandIds.engineImagesPull, { engine: 'podman', registry: reg.anon, repository: 'team/beta', tag: 'nope' })),
      /does not exist/,
    );
    const removed = await vscode.commands.executeCommand<boolean>(CommandIds.engineImagesRemove, { engine: 'podman', image: pulled.image, confirmed: true });
    assert.equal(removed, true);
    assert.equal(tryPodman(['image', 'inspect', pulled.image]), undefined);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.enginesPrune, { engine: 'podman', confirmed: 'yes' })), /"confirmed" must be true or false/);
  });
});
