import * as assert from 'node:assert/strict';
import { join, sep } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, TEST_PROBE_COMMAND_IDS, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { waitForSelector } from '../integration/support/page';
import { ENV_EXTENSIONS_DIR } from '../integration/support/protocol';
import { screenshot } from '../integration/support/screenshot';

// Runs against the VSIX that `npm run package` built, installed with `code-server --install-extension`:
// the release bundle, the nls file and the media as a user gets them.
describe('installed VSIX @page', () => {
  const ext = (): vscode.Extension<unknown> => {
    const e = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(e, `${EXTENSION_ID} is not installed`);
    return e;
  };

  it('is the copy installed in the extensions folder, not a development path', () => {
    const dir = process.env[ENV_EXTENSIONS_DIR];
    assert.ok(dir, `${ENV_EXTENSIONS_DIR} not set by the driver`);
    assert.ok(ext().extensionPath.startsWith(join(dir) + sep), `${ext().extensionPath} is not under ${dir}`);
  });

  it('activates', async () => {
    await ext().activate();
    assert.equal(ext().isActive, true);
  });

  it('registers every command it contributes', async () => {
    const contributed = ((ext().packageJSON.contributes?.commands ?? []) as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  it('registers none of the commands only the tests call', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('containerCatalog.registries.add'), 'the extension registered nothing');
    assert.deepEqual(TEST_PROBE_COMMAND_IDS.filter((c) => registered.has(c)), []);
  });

  it('returns its public API from activate()', async () => {
    const exported = (await ext().activate()) as { getApi(v: number): { version: number } };
    assert.equal(exported.getApi(1).version, 1);
    assert.throws(() => exported.getApi(0), /no API version 0/);
  });

  // The release bundle is split (esbuild.mjs): the cores are in dist/core.js, required by the first catalog read.
  it('reads its catalog through the core bundle it ships (dist/core.js of the installed copy)', async () => {
    const exported = (await ext().activate()) as { getApi(v: 1): { listRegistries(): Promise<Array<{ name: string }>> } };
    const names = (await exported.getApi(1).listRegistries()).map((r) => r.name);
    assert.ok(names.includes('Docker Hub'), `the seeded registries, got ${names.join(', ')}`);
    assert.ok(require.cache[join(ext().extensionPath, 'dist', 'core.js')], 'dist/core.js was loaded from the installed copy');
  });

  it('shows its three views with localized names', async () => {
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    for (const name of ['Registries', 'Image Sources', 'Containers']) {
      await waitForSelector(`.pane-header[aria-label^="${name}"][aria-label$=" Section"]`);
    }
    await screenshot('vsix-views');
  });
});
