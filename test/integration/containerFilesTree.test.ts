import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { eventually, setTheme } from './panels/panelDriver';
import { lxc } from './support/lxc';
import { clickIn, queryPage, waitForSelector } from './support/page';
import { need } from './support/peerEnv';
import { screenshot } from './support/screenshot';
import { paneOf, arrangeViews } from './support/views';

const pane = paneOf('Containers');

async function rows(): Promise<string[]> {
  return (await queryPage(`${pane} .monaco-list-row`)).filter((r) => r.visible).map((r) => r.text.replace(/\s+/g, ' ').trim());
}

/** A row by its exact label (`:has-text` would match "Files" inside "Profiles"). */
const row = (level: number, label: string): string => `${pane} .monaco-list-row[aria-level="${level}"]:has(:text-is("${label}"))`;
const waitForRow = (test: (row: string) => boolean, what: string): Promise<string[]> => eventually(`row ${what}`, rows, (r) => r.some(test), 20_000);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function docker(args: string[]): string {
  return execFileSync('/usr/bin/docker', ['-H', `unix://${need('CC_DOCKER_SOCKET')}`, ...args], { encoding: 'utf8' });
}

describe('container Files node and file commands with real LXD and Docker @page', function () {
  this.timeout(180_000);
  const ct = need('CC_LXD_RUNNING');
  const dockerCt = need('CC_DOCKER_RUNNING');
  const ws = (): string => vscode.workspace.workspaceFolders![0].uri.fsPath;
  let restoreViews: () => Promise<void> = async () => undefined;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    // Room for the container's rows and its files: the other two views folded while this suite runs.
    restoreViews = await arrangeViews({ 'Image Sources': false, Registries: false });
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'lxd', endpoint: need('CC_LXD_SOCKET'), name: 'lxd-tree' });
    // Under / so the folder's row is among the first of the root's (folders first, by name).
    await lxc('exec', ct, '--', 'sh', '-c', 'rm -rf /h15-tree && mkdir -p /h15-tree/inner && printf "hello\\n" > /h15-tree/hello.txt && chmod 0640 /h15-tree/hello.txt');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setTheme('Default Dark Modern');
    for (const engine of ['lxd-tree', 'docker-tree']) await vscode.commands.executeCommand(CommandIds.enginesDisconnect, { engine, confirmed: true }).then(undefined, () => undefined);
    await lxc('exec', ct, '--', 'rm', '-rf', '/h15-tree').catch(() => undefined);
    for (const f of ['from-ws.txt', 'hello-copy.txt', 'big.bin', 'big-back.bin']) rmSync(join(ws(), f), { force: true });
    await restoreViews();
  });

  it('expands Files, then folders on demand; a click on a file opens it in an editor', async () => {
    await vscode.commands.executeCommand('containerCatalog.containers.focus');
    await waitForSelector(`${pane} .monaco-list-row`);
    await waitForRow((r) => r.startsWith(ct) && /Running/.test(r), `${ct} Running`);
    await clickIn(row(2, ct));
    await waitForRow((r) => r === 'Files', 'Files');
    await clickIn(row(3, 'Files'));
    await waitForRow((r) => r === 'h15-tree', 'h15-tree');
    await clickIn(row(4, 'h15-tree'));
    const shown = await waitForRow((r) => r === 'hello.txt', 'hello.txt');
    // Folders first, then files; the empty folder is listed only when it is expanded.
    assert.ok(shown.indexOf('inner') < shown.indexOf('hello.txt'), JSON.stringify(shown));
    await clickIn(row(5, 'inner'));
    await waitForRow((r) => r === 'Empty directory', 'Empty directory');
    await clickIn(row(5, 'hello.txt'));
    const doc = await eventually('the file in an editor', async () => vscode.window.activeTextEditor?.document, (d) => d?.uri.path === `/${ct}/h15-tree/hello.txt`);
    assert.equal(doc!.uri.scheme, 'container-catalog');
    assert.equal(doc!.getText(), 'hello\n');
    // Whatever theme an earlier suite left: set each one before its screenshot.
    await setTheme('Default Dark Modern');
    await screenshot('container-files-tree-dark');
    await setTheme('Default Light Modern');
    await screenshot('container-files-tree-light');
    await setTheme('Default Dark Modern');
  });

  it('creates a file and a folder, renames and deletes them; the tree follows and the engine has them', async () => {
    const base = { engine: 'lxd-tree', container: ct };
    assert.equal(await vscode.commands.executeCommand(CommandIds.containerFilesCreateFile, { ...base, path: '/h15-tree', name: 'made.txt' }), '/h15-tree/made.txt');
    assert.equal(vscode.window.activeTextEditor?.document.uri.path, `/${ct}/h15-tree/made.txt`, 'the new file is open');
    await waitForRow((r) => r === 'made.txt', 'made.txt');
    assert.equal(await vscode.commands.executeCommand(CommandIds.containerFilesCreateFolder, { ...base, path: '/h15-tree', name: 'sub' }), '/h15-tree/sub');
    await waitForRow((r) => r === 'sub', 'sub');
    assert.equal((await lxc('exec', ct, '--', 'stat', '-c', '%F', '/h15-tree/sub')).trim(), 'directory');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containerFilesCreateFile, { ...base, path: '/h15-tree', name: 'made.txt' })), /already exists/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containerFilesCreateFile, { ...base, path: '/h15-tree', name: 'a/b' })), /no slashes/);

    assert.equal(await vscode.commands.executeCommand(CommandIds.containerFilesRename, { ...base, path: '/h15-tree/hello.txt', newName: 'renamed.txt' }), '/h15-tree/renamed.txt');
    await waitForRow((r) => r === 'renamed.txt', 'renamed.txt');
    assert.equal(await lxc('exec', ct, '--', 'sh', '-c', 'cat /h15-tree/renamed.txt; stat -c %a /h15-tree/renamed.txt'), 'hello\n640\n');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containerFilesRename, { ...base, path: '/h15-tree/renamed.txt', newName: 'made.txt' })), /already exists/);
    // The file system provider's rename (what the explorer's rename calls) is the same mv.
    const fsUri = (p: string): vscode.Uri => vscode.Uri.from({ scheme: 'container-catalog', authority: 'lxd-tree', path: `/${ct}${p}` });
    await vscode.workspace.fs.rename(fsUri('/h15-tree/renamed.txt'), fsUri('/h15-tree/hello.txt'));
    assert.equal(await lxc('exec', ct, '--', 'stat', '-c', '%a', '/h15-tree/hello.txt'), '640\n');

    assert.equal(await vscode.commands.executeCommand(CommandIds.containerFilesDelete, { ...base, path: '/h15-tree/sub', confirmed: true }), true);
    assert.equal(await vscode.commands.executeCommand(CommandIds.containerFilesDelete, { ...base, path: '/h15-tree/made.txt', confirmed: true }), true);
    await eventually('sub and made.txt gone from the tree', rows, (r) => !r.includes('sub') && !r.includes('made.txt') && r.includes('hello.txt'));
    assert.equal(await lxc('exec', ct, '--', 'ls', '/h15-tree'), 'hello.txt\ninner\n');
  });

  it('downloads to the workspace and uploads from it, byte-identical, on LXD and Docker', async () => {
    await vscode.commands.executeCommand(CommandIds.enginesConnect, { kind: 'docker', endpoint: need('CC_DOCKER_SOCKET'), name: 'docker-tree' });
    const local = await vscode.commands.executeCommand<string>(CommandIds.containerFilesDownload, { engine: 'lxd-tree', container: ct, path: '/h15-tree/hello.txt', target: 'hello-copy.txt' });
    assert.equal(local, join(ws(), 'hello-copy.txt'));
    assert.equal(readFileSync(local, 'utf8'), 'hello\n');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containerFilesDownload, { engine: 'lxd-tree', container: ct, path: '/h15-tree/hello.txt', target: 'hello-copy.txt' })), /already exists/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containerFilesDownload, { engine: 'lxd-tree', container: ct, path: '/h15-tree/missing', target: 'missing.txt' })), /does not exist/);
    assert.equal(existsSync(join(ws(), 'missing.txt')), false, 'a failed download leaves nothing');

    writeFileSync(join(ws(), 'from-ws.txt'), 'from the workspace\n');
    assert.equal(await vscode.commands.executeCommand(CommandIds.containerFilesUpload, { engine: 'lxd-tree', container: ct, path: '/h15-tree', source: 'from-ws.txt' }), '/h15-tree/from-ws.txt');
    await waitForRow((r) => r === 'from-ws.txt', 'from-ws.txt');
    assert.equal(await lxc('exec', ct, '--', 'cat', '/h15-tree/from-ws.txt'), 'from the workspace\n');

    const big = randomBytes(20 * 1024 * 1024);
    writeFileSync(join(ws(), 'big.bin'), big);
    await vscode.commands.executeCommand(CommandIds.containerFilesUpload, { engine: 'docker-tree', container: dockerCt, path: '/tmp', source: 'big.bin', overwrite: true });
    assert.equal(docker(['exec', dockerCt, 'sha256sum', '/tmp/big.bin']).split(' ')[0], sha(big));
    await vscode.commands.executeCommand(CommandIds.containerFilesDownload, { engine: 'docker-tree', container: dockerCt, path: '/tmp/big.bin', target: 'big-back.bin' });
    assert.equal(sha(readFileSync(join(ws(), 'big-back.bin'))), sha(big));
    docker(['exec', dockerCt, 'rm', '-f', '/tmp/big.bin']);
  });

  it('refuses bad argument objects with a clear error', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containerFilesDelete, { engine: 'lxd-tree', container: ct, path: 'h15-tree', confirmed: true })), /absolute path/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containerFilesDelete, { engine: 'lxd-tree', container: ct, path: '/h15-tree/../etc', confirmed: true })), /\.\. is refused/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containerFilesUpload, { engine: 'lxd-tree', container: ct, path: '/tmp', from: 'x' })), /unknown key "from"/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.containerFilesRename, { engine: 'lxd-tree', container: ct, path: 5 })), /"path" must be a string/);
    assert.equal(await lxc('exec', ct, '--', 'ls', '/h15-tree'), 'from-ws.txt\nhello.txt\ninner\n', 'nothing changed');
  });
});
