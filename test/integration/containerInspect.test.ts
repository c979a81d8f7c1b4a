import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { CommandIds, EXTENSION_ID } from '../../src/providers/platform/ids';
import { lxc } from './support/lxc';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';

/** The real `podman` CLI with the peer's private configuration. */
function podman(args: string[]): string {
  return execFileSync('podman', args, {
    encoding: 'utf8',
    env: { ...process.env, CONTAINERS_CONF: need('CC_PODMAN_CONTAINERS_CONF'), CONTAINERS_STORAGE_CONF: need('CC_PODMAN_STORAGE_CONF'), CONTAINERS_REGISTRIES_CONF: need('CC_PODMAN_REGISTRIES_CONF') },
  });
}

describe('inspect documents with real LXD and Podman @page', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: 'lxd-inspect' });
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'podman', endpoint: need('CC_PODMAN_SOCKET'), name: 'podman-inspect' });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const engine of ['lxd-inspect', 'podman-inspect']) await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine, confirmed: true });
  });

  it('opens an LXD instance as `lxc config show` shows it, in a read-only YAML document', async () => {
    const text = await vscode.commands.executeCommand<string>(CommandIds.containersInspect, { engine: 'lxd-inspect', kind: 'container', name: 'ct-layered' });
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'an editor is open');
    assert.equal(doc.uri.scheme, 'container-catalog-inspect');
    assert.equal(doc.languageId, 'yaml');
    assert.equal(doc.getText(), text);
    assert.deepEqual(parse(doc.getText()), parse(await lxc('config', 'show', 'ct-layered')));
    await screenshot('container-inspect-lxd');
  });

  it('opens a Podman container as `podman inspect` shows it', async () => {
    const text = await vscode.commands.executeCommand<string>(CommandIds.containersInspect, { engine: 'podman-inspect', kind: 'container', name: 'pd-plain' });
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.getText(), text);
    assert.equal(doc?.languageId, 'json');
    assert.deepEqual(JSON.parse(text), JSON.parse(podman(['inspect', '--type', 'container', 'pd-plain'])));
  });

  it('opens a Podman network as JSON, and refuses a bad kind and an unknown object', async () => {
    const text = await vscode.commands.executeCommand<string>(CommandIds.containersInspect, { engine: 'podman-inspect', kind: 'network', name: need('CC_PODMAN_NETWORK') });
    const parsed = JSON.parse(text) as { name?: string }[];
    assert.equal(parsed[0].name, need('CC_PODMAN_NETWORK'));
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'json');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersInspect, { engine: 'podman-inspect', kind: 'pod', name: 'x' })), /"kind" must be one of/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersInspect, { engine: 'podman-inspect', kind: 'container', name: 'no-such-ct' })), /no such container/i);
  });
});
