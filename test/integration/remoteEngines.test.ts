import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { hostRunRoot } from './support/hostFiles';
import { pageRequest, queryPage, waitForSelector } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';
import { paneOf, waitForViewRow } from './support/views';

const pane = paneOf('Containers');

function waitForRow(test: (row: string) => boolean, what: string, timeoutMs?: number): Promise<string> {
  return waitForViewRow('Containers', test, what, timeoutMs ?? 30_000);
}

describe('remote engine over SSH in the Containers view @page', function () {
  this.timeout(120_000);
  const sshPort = need('CC_SSHD_PORT');
  const sshUser = need('CC_SSHD_USER');
  const sshKey = need('CC_SSHD_KEY');
  const knownHosts = need('CC_SSHD_KNOWN_HOSTS');
  const podmanSocket = need('CC_PODMAN_SOCKET');

  before(async () => {
    // The host key as if confirmed earlier: the extension's own known_hosts in its global storage (the
    // first-seen modal itself is covered by the unit suite; here it would wait for a click).
    const servercerts = join(hostRunRoot(), 'user-data', 'User', 'globalStorage', EXTENSION_ID.toLowerCase(), 'servercerts');
    mkdirSync(servercerts, { recursive: true });
    copyFileSync(knownHosts, join(servercerts, 'known_hosts'));
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
  });

  after(async () => {
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'podman-ssh', confirmed: true });
  });

  it('connects Podman over ssh:// with an argument object, syncs it and shows its containers with live state', async () => {
    const endpoint = `ssh://${sshUser}@127.0.0.1:${sshPort}${podmanSocket}`;
    const e = await vscode.commands.executeCommand<{ name: string; endpoint: string; lastError: string | null }>(CommandIds.enginesConnect, {
      kind: 'podman',
      endpoint,
      name: 'podman-ssh',
      key: sshKey,
    });
    assert.equal(e?.name, 'podman-ssh');
    assert.equal(e?.endpoint, endpoint);
    assert.equal(e?.lastError, null);
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    await waitForSelector(`${pane} .monaco-list-row`);
    await waitForRow((r) => r.startsWith('podman-ssh') && /synced/.test(r), 'engine podman-ssh synced');
    await waitForRow((r) => r.startsWith('pd-web') && /Running/.test(r), 'pd-web Running');
    await screenshot('containers-remote-ssh', '#workbench\\.parts\\.sidebar');
  });

  it('refuses a bad argument object for the import command with a clear error', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(CommandIds.enginesImportExisting, { origins: ['Docker context "no-such-context"'] })),
      /no such Docker context or Podman connection: Docker context "no-such-context"/,
    );
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.enginesImportExisting, { origins: 'x' })), /origins/);
  });
});

describe('importing the user\'s Podman connections from the palette @page', function () {
  this.timeout(120_000);
  const endpoint = `ssh://${need('CC_SSHD_USER')}@127.0.0.1:${need('CC_SSHD_PORT')}${need('CC_PODMAN_SOCKET')}`;
  // The extension host reads Podman's connections where Podman keeps them: $XDG_CONFIG_HOME/containers,
  // which the test driver points at this run's own folder.
  const containersDir = join(process.env.XDG_CONFIG_HOME ?? '', 'containers');

  before(() => {
    assert.ok(process.env.XDG_CONFIG_HOME, 'the driver gives the host its own XDG_CONFIG_HOME');
    mkdirSync(containersDir, { recursive: true });
    writeFileSync(
      join(containersDir, 'podman-connections.json'),
      JSON.stringify({ Connection: { Default: 'lab-import', Connections: { 'lab-import': { URI: endpoint, Identity: need('CC_SSHD_KEY'), IsMachine: false } } }, Farm: {} }),
    );
  });

  after(async () => {
    rmSync(join(containersDir, 'podman-connections.json'), { force: true });
    await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine: 'podman lab-import', confirmed: true });
  });

  it('lists the connection in a pick list, imports what is picked, and syncs it', async () => {
    // No argument: the palette's path, which asks before touching anything.
    const imported = Promise.resolve(vscode.commands.executeCommand(CommandIds.enginesImportExisting));
    const row = `.quick-input-widget .monaco-list-row[aria-label*="podman lab-import"]`;
    await waitForSelector(row, undefined, 30_000);
    const rows = (await queryPage('.quick-input-widget .monaco-list-row')).filter((r) => r.visible).map((r) => r.ariaLabel ?? r.text);
    const lab = rows.find((r) => r.includes('podman lab-import'));
    assert.match(lab ?? '', /Podman connection "lab-import"/, `each row says where it was found: ${JSON.stringify(rows)}`);
    await screenshot('engines-import-pick', '.quick-input-widget');
    await pageRequest({ op: 'press', key: 'Enter' });
    const result = (await imported) as { added: string[]; skipped: unknown[] } | undefined;
    assert.deepEqual(result?.added, ['podman lab-import']);
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    await waitForRow((r) => r.startsWith('podman lab-import') && /synced/.test(r), 'engine podman lab-import synced', 60_000);
    await waitForRow((r) => r.startsWith('pd-web'), 'pd-web under the imported engine');
  });
});
