import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID } from '../../src/providers/platform/ids';
import { eventually } from './panels/panelDriver';
import { lxc } from './support/lxc';
import { queryPage } from './support/page';
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
    // Read back with LXD's own file API client, byte for byte.
    assert.equal(await lxc('file', 'pull', `${lxdCt}/tmp/h15-edit.txt`, '-'), 'one\ntwo from the editor\n');
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
    const copy = join(mkdtempSync(join(tmpdir(), 'h15-cp-')), 'edit.txt');
    podman(['cp', `${podCt}:/tmp/h15-edit.txt`, copy]);
    assert.equal(readFileSync(copy, 'utf8'), 'pod\nsaved\n');
  });

  it('opens a file too large for the editor read-only, with a message; a smaller one stays editable', async () => {
    const files = vscode.workspace.getConfiguration('containerCatalog.containers.files');
    await files.update('maxEditableSizeMB', 1, vscode.ConfigurationTarget.Global);
    try {
      // 1.5 MB of short lines, over the 1 MB limit.
      podman(['exec', podCt, 'sh', '-c', 'yes "a line of the large file" | head -c 1572864 > /tmp/h15-large.txt']);
      const uri = await vscode.commands.executeCommand<string>(CommandIds.containersOpenFile, { engine: 'podman-files', container: podCt, path: '/tmp/h15-large.txt' });
      const doc = vscode.window.activeTextEditor!.document;
      assert.equal(doc.uri.toString(), uri);
      assert.equal(Buffer.byteLength(doc.getText()), 1572864, 'the whole file is shown');
      assert.equal((await vscode.workspace.fs.stat(doc.uri)).permissions, vscode.FilePermission.Readonly);
      const toast = await eventually('the read-only message', () => queryPage('.notifications-toasts .notification-toast'), (t) => t.some((x) => /h15-large\.txt opens read-only: it is 1\.5 MB, over the 1\.0 MB limit/.test(x.text)));
      assert.ok(toast.length > 0);
      await screenshot('container-file-too-large');
      // Typing changes nothing in the read-only editor...
      await vscode.commands.executeCommand('type', { text: 'typed ' });
      assert.equal(doc.isDirty, false);
      assert.equal(Buffer.byteLength(doc.getText()), 1572864);
      // ...while the same typing edits a file under the limit.
      await vscode.commands.executeCommand(CommandIds.containersOpenFile, { engine: 'podman-files', container: podCt, path: '/tmp/h15-edit.txt' });
      const small = vscode.window.activeTextEditor!.document;
      assert.notEqual((await vscode.workspace.fs.stat(small.uri)).permissions, vscode.FilePermission.Readonly);
      await vscode.commands.executeCommand('type', { text: 'typed ' });
      assert.equal(small.isDirty, true);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.equal(small.isDirty, false);
    } finally {
      await files.update('maxEditableSizeMB', undefined, vscode.ConfigurationTarget.Global);
      podman(['exec', podCt, 'rm', '-f', '/tmp/h15-large.txt']);
    }
  });

  it('refuses a relative path given as an argument', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containersOpenFile, { engine: 'lxd-files', container: lxdCt, path: 'etc/hostname' })), /absolute path/);
  });
});
