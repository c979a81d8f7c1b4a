import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { screenshot } from './support/screenshot';

const EXTENSION_ID = 'container-catalog.container-catalog';

describe('extension host', () => {
  it('activates the extension under development', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('takes a screenshot of the workbench @page', async () => {
    const file = await screenshot('workbench');
    assert.match(file, /workbench\.png$/);
  });
});
