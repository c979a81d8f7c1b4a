import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ContainerCatalogExports } from '../../api/container-catalog';
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

  // The cores are in a second bundle that the faces reach through one seam (src/providers/platform/loadCore.ts,
  // esbuild.mjs): a catalog read through the faces must find it next to dist/extension.js, loaded once.
  it('a catalog read loads the core bundle (dist/core.js) next to the extension bundle, one copy', async () => {
    const ext = vscode.extensions.getExtension<ContainerCatalogExports>(EXTENSION_ID);
    assert.ok(ext);
    const api = (await ext.activate()).getApi(1);
    assert.ok(Array.isArray(await api.listRegistries()));
    const loaded = Object.keys(require.cache).filter((f) => /[\\/]dist[\\/]core\.js$/.test(f));
    assert.deepEqual(loaded, [join(ext.extensionPath, 'dist', 'core.js')]);
  });
});
