import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/providers/platform/ids';

describe('extension host', () => {
  it('loads the extension under development from this repo', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    assert.equal(ext.packageJSON.name, 'container-catalog');
    assert.equal(ext.packageJSON.publisher, 'container-catalog');
  });

  it('activates the extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('declares no eager activation (views and commands activate it)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const events = (ext?.packageJSON.activationEvents ?? []) as string[];
    assert.deepEqual(events.filter((e) => e === '*' || e === 'onStartupFinished'), []);
  });
});
