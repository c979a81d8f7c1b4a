import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID } from '../../src/providers/platform/ids';
import { lxc } from './support/lxc';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';

function podman(args: string[]): string {
  return execFileSync('podman', args, {
    encoding: 'utf8',
    env: { ...process.env, CONTAINERS_CONF: need('CC_PODMAN_CONTAINERS_CONF'), CONTAINERS_STORAGE_CONF: need('CC_PODMAN_STORAGE_CONF'), CONTAINERS_REGISTRIES_CONF: need('CC_PODMAN_REGISTRIES_CONF') },
  });
}

describe('container files in the editor with real LXD and Podman @page', function () {
  this.timeout(90_000);
  const lxdCt = need('CC_LXD_RUNNING');
  const podCt = need('CC_PODMAN_RUNNING');

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: 'lxd-files' });
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'podman', endpoint: need('CC_PODMAN_SOCKET'), name: 'podman-files' });
    await lxc('exec', lxdCt, '--', 'sh', '-c', 'printf "one\\n" > /tmp/h15-edit.txt && chmod 0600 /tmp/h15-edit.txt');
    podman(['exec', podCt, 'sh', '-c', 'printf "pod\\n" > /tmp/h15-edit.txt']);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const engine of ['lxd-files', 'podman-files']) await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine, confirmed: true });
    await lxc('exec', lxdCt, '--', 'rm', '-f', '/tmp/h15-edit.txt', '/tmp/h15-new.txt').catch(() => undefined);
    podman(['exec', podCt, 'rm', '-f', '/tmp/h15-edit.txt']);
  });

  it('opens an LXD file, saves an edit back through the engine, and the mode is kept', async () => {
    const uri = await vscode.commands.executeCommand<string>(CommandIds.containersOpenFile, { engine: 'lxd-files', container: lxdCt, path: '/tmp/h15-edit.txt' });
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.toString(), uri);
    assert.equal(doc?.getText(), 'one\n');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(1, 0), 'two from the editor\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save(), 'saved');
    await screenshot('container-file-lxd');
    assert.equal(await lxc('exec', lxdCt, '--', 'cat', '/tmp/h15-edit.txt'), 'one\ntwo from the editor\n');
    assert.equal((await lxc('exec', lxdCt, '--', 'stat', '-c', '%a', '/tmp/h15-edit.txt')).trim(), '600');
  });

  it('lists, creates and deletes through the file system API; a Podman file saves back too', async () => {
    const dir = vscode.Uri.parse(`container-catalog://lxd-files/${lxdCt}/tmp`);
    const entries = await vscode.workspace.fs.readDirectory(dir);
    assert.ok(entries.some(([n, t]) => n === 'h15-edit.txt' && t === vscode.FileType.File), JSON.stringify(entries));
    const made = vscode.Uri.joinPath(dir, 'h15-new.txt');
    await vscode.workspace.fs.writeFile(made, Buffer.from('made\n'));
    assert.equal(await lxc('exec', lxdCt, '--', 'cat', '/tmp/h15-new.txt'), 'made\n');
    await vscode.workspace.fs.delete(made);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(made)), (e: unknown) => e instanceof vscode.FileSystemError && e.code === 'FileNotFound');
    // A path climbing out with .. is refused, never resolved on our side.
    const climbing = vscode.Uri.from({ scheme: 'container-catalog', authority: 'lxd-files', path: `/${lxdCt}/tmp/../etc/hostname` });
    assert.match(climbing.path, /\.\./, 'the URI keeps the ..');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(climbing)), (e: unknown) => e instanceof vscode.FileSystemError && e.code === 'NoPermissions');

    await vscode.commands.executeCommand(CommandIds.containersOpenFile, { engine: 'podman-files', container: podCt, path: '/tmp/h15-edit.txt' });
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.getText(), 'pod\n');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(1, 0), 'saved\n');
    await vscode.workspace.applyEdit(edit);
    assert.ok(await doc.save());
    assert.equal(podman(['exec', podCt, 'cat', '/tmp/h15-edit.txt']), 'pod\nsaved\n');
  });

  it('refuses a relative path given as an argument', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersOpenFile, { engine: 'lxd-files', container: lxdCt, path: 'etc/hostname' })), /absolute path/);
  });
});
