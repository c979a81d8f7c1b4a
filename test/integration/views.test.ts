import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, VIEW_CONTAINER_ID, ViewIds } from '../../src/providers/platform/ids';
import { queryPage, waitForSelector } from './support/page';
import { screenshot } from './support/screenshot';
import { paneOf } from './support/views';

interface Manifest {
  contributes: {
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
  };
}

const repo = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(readFileSync(join(repo, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** Resolves a `%key%` manifest string the way VS Code does (English). */
function localized(value: string): string {
  const key = /^%(.+)%$/.exec(value)?.[1];
  if (!key) return value;
  assert.ok(key in nls, `package.nls.json lacks ${key}`);
  return nls[key];
}

const views = manifest.contributes.views[VIEW_CONTAINER_ID].map((v) => ({ id: v.id, name: localized(v.name) }));
/** A view's pane in the workbench, found by the aria-label VS Code gives its header. */
const pane = paneOf;

describe('views @page', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
  });

  it('contributes the three views in one activity-bar container', () => {
    assert.deepEqual(views.map((v) => v.id), [ViewIds.registries, ViewIds.imageSources, ViewIds.containers]);
  });

  it('shows the three views when the container is opened', async () => {
    for (const v of views) await waitForSelector(`${pane(v.name)} > .pane-header`);
    const headers = (await queryPage('.pane-header')).filter((h) => h.visible).map((h) => h.ariaLabel);
    for (const v of views) assert.ok(headers.includes(`${v.name} Section`), `no visible "${v.name}" view in ${JSON.stringify(headers)}`);
    await screenshot('views');
  });

  it('shows each view\'s welcome content with its first action on an empty catalog', async () => {
    // The Registries view is never empty on a new catalog (docker.io, ghcr.io and quay.io are seeded);
    // registries.test.ts checks its welcome content once every registry is removed.
    for (const v of views.filter((x) => x.id !== ViewIds.registries)) {
      const welcome = manifest.contributes.viewsWelcome.find((w) => w.view === v.id);
      assert.ok(welcome, `no viewsWelcome for ${v.id}`);
      const contents = localized(welcome.contents);
      const sentence = contents.split('\n')[0];
      const actions = [...contents.matchAll(/\[([^\]]+)\]\(command:[^)]+\)/g)].map((m) => m[1]);
      assert.ok(actions.length > 0, `welcome of ${v.id} offers no action`);

      await waitForSelector(`${pane(v.name)} .welcome-view-content`);
      const [shown] = await queryPage(`${pane(v.name)} .welcome-view-content`);
      assert.ok(shown?.visible, `welcome content of ${v.name} not visible`);
      assert.ok(shown.text.replace(/\s+/g, ' ').includes(sentence.replace(/\s+/g, ' ')), `welcome of ${v.name} shows ${JSON.stringify(shown.text)}`);
      const buttons = (await queryPage(`${pane(v.name)} .welcome-view-content .monaco-button`)).map((b) => b.text);
      assert.deepEqual(buttons, actions);
    }
    await screenshot('welcome');
    // The README's picture: the sidebar alone.
    await screenshot('welcome-sidebar', '#workbench\\.parts\\.sidebar');
  });
});
