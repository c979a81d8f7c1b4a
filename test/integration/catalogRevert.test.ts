import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID } from '../../src/providers/platform/ids';

// The successful revert reloads the window, which ends this extension host: it is tested under plain mocha
// (test/unit/store/revert.test.ts, with a real migration). Here: the command is there, and refuses cleanly.
describe('catalog revert command', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  it('refuses when there is no copy from before an upgrade, and leaves the catalog open and usable', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.catalogRevert, { confirmed: true })),
      /catalog\.db was not reverted: there is no copy from before an upgrade \(.*catalog\.db\.old\)\. Nothing was changed\./);
    const snapshot = await vscode.commands.executeCommand<unknown[]>(CommandIds.registriesTreeSnapshot);
    assert.ok(Array.isArray(snapshot) && snapshot.length > 0, 'the catalog still answers');
  });

  it('rejects a bad argument object, naming the key', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.catalogRevert, { confirmed: 'yes' })), /"confirmed" must be true or false/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.catalogRevert, { force: true })), /unknown key "force"/);
  });
});
