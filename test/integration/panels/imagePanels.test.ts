import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, ImageCommandIds as C, VIEW_CONTAINER_ID, ViewIds } from '../../../src/providers/platform/ids';
import type { ImageSourceView, LocalImageView } from '../../../src/webviews/images/protocol';
import { clickIn, postFromWebview, queryPage } from '../support/page';
import { screenshot } from '../support/screenshot';
import { chooseInQuickPick, clickRowToOpen, eventually, NEW_WEBVIEW_MS, panelsInfo, setTheme, texts, waitForText, waitInPanel, WEBVIEW } from './panelDriver';
import { paneOf } from '../support/views';

/** An image of the nginx simplestreams peer's /ss catalog (test/peers/simplestreams.sh). */
const IMAGE = 'alpine 3.19 default (amd64)';
const IMAGES_PANE = '.pane:has(> .pane-header[aria-label^="Image Sources"][aria-label$=" Section"])';
const redraws = async () => (await vscode.commands.executeCommand<{ full: number; node: number }>(CommandIds.imageSourcesRedraws))!;

describe('image source and local image detail panels @page', function () {
  this.timeout(120_000);
  const base = process.env.CC_SIMPLESTREAMS_URL;
  const server = base ? `${base}/ss` : '';
  let sourceId: string | undefined;
  let localId: string | undefined;

  const panel = async <V>(kind: 'imageSource' | 'localImage') => {
    const p = (await panelsInfo()).filter((i) => i.kind === kind);
    assert.equal(p.length, 1, `expected one ${kind} panel, got ${JSON.stringify(p.map((x) => x.id))}`);
    return { ...p[0], view: p[0].view as V };
  };

  before(async () => {
    if (!base) throw new Error('CC_SIMPLESTREAMS_URL is not set: start test/peers/simplestreams.sh (npm test does)');
    await vscode.workspace.getConfiguration('containerCatalog.imageSources').update('simplestreamsServers', [server], vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(C.addSimplestreams, { url: server });
    const results = await vscode.commands.executeCommand<{ status: string }[]>(C.refresh, { type: 'Incus', force: true });
    assert.equal(results?.[0]?.status, 'updated');
    await setTheme('Default Dark Modern');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    // Leave the catalog empty again (the views suite checks the welcome content).
    if (localId) await vscode.commands.executeCommand(C.deleteLocal, { localImageId: localId, confirmed: true });
    await vscode.commands.executeCommand(C.removeSimplestreams, { url: server });
  });

  it('opens an image source from the palette: every column, the catalog age, no local image yet', async () => {
    const opening = vscode.commands.executeCommand(CommandIds.imageSourcesOpenDetails);
    await chooseInQuickPick(IMAGE);
    await opening;
    await waitInPanel('#catalog-age');
    const p = await eventually('the image source panel loaded', () => panel<ImageSourceView>('imageSource'), (x) => x.view !== undefined);
    sourceId = p.id;
    assert.equal(p.view.name, IMAGE);
    assert.equal(p.view.type, 'Incus');
    assert.match(p.view.url ?? '', new RegExp(`^${server.replace(/[.]/g, '\\.')}/images/alpine/3\\.19/amd64/`));
    assert.match(p.view.digest ?? '', /^[0-9a-f]{64}$/);
    assert.deepEqual(await texts('h1'), [IMAGE]);
    assert.match((await texts('#catalog-age'))[0], /^The Incus catalog was refreshed just now \(/);
    assert.deepEqual(await texts('#locals-none'), ['No local image was made from this source yet. Download makes one.']);
    // The facts about the image first; the catalog's bookkeeping columns under "Internals", closed until asked.
    const [facts] = await texts('#columns dl');
    for (const label of ['Name', 'Type', 'Distribution', 'Release', 'Architecture', 'Tags', 'URL', 'Size', 'Digest', 'Fingerprint', 'Created', 'Updated']) {
      assert.ok(facts.includes(label), `${label} missing from ${facts}`);
    }
    for (const label of ['Configured', 'Uid', 'Group tag']) assert.ok(!facts.includes(label), `${label} shown as a fact: ${facts}`);
    assert.ok(facts.includes(p.view.digest as string));
    assert.deepEqual(await texts('#internals > summary'), ['Internals']);
    assert.equal((await queryPage('#internals[open]', WEBVIEW)).length, 0, 'Internals is open by default');
    await clickIn('#internals > summary', WEBVIEW);
    const [internals] = await texts('#internals dl');
    for (const label of ['Digest source', 'Digest algorithm', 'Digest URL', 'Local file name', 'Configured', 'Username', 'Uid', 'Group tag', 'Id']) {
      assert.ok(internals.includes(label), `${label} missing from ${internals}`);
    }
    assert.ok(internals.includes(p.view.id));
    await screenshot('panel-image-source-internals-dark');
    await clickIn('#internals > summary', WEBVIEW);
    assert.equal((await panel('imageSource')).counters.cspViolations, 0, 'the page hit its CSP');
    // A tree node (the context menu's argument) and `{ id }` reveal the same panel.
    await vscode.commands.executeCommand(CommandIds.imageSourcesOpenDetails, { type: 'source', id: 'tree-node', sourceId });
    await vscode.commands.executeCommand(CommandIds.imageSourcesOpenDetails, { id: sourceId });
    assert.equal((await panelsInfo()).length, 1);
  });

  it('Refresh and Download go through the images commands; the local image appears with its state', async () => {
    await clickIn('vscode-button#refresh', WEBVIEW);
    await waitForText('.banner', /The catalog is recent; nothing was asked/);
    await clickIn('vscode-button#download', WEBVIEW);
    const p = await eventually('the local image listed', () => panel<ImageSourceView>('imageSource'), (x) => x.view.localImages.length === 1 && x.view.localImages[0].state === 'Synced', 60_000);
    localId = p.view.localImages[0].id;
    await waitForText('.banner', /Downloaded and verified\./);
    await waitForText('#locals li', /alpine 3\.19 default \(amd64\)\s*Downloaded/);
    // The finished download's and refresh's toasts would cover the panel.
    await vscode.commands.executeCommand('notifications.clearAll');
    await screenshot('panel-image-source-dark');
    await setTheme('Default Light Modern');
    await screenshot('panel-image-source-light');
    await setTheme('Default Dark Modern');
  });

  it('opens the local image from the source panel; Verify file recomputes the sha256 and reports match, then mismatch', async () => {
    await clickIn('vscode-button#open-local-0', WEBVIEW);
    await waitInPanel('vscode-button#verify', NEW_WEBVIEW_MS);
    const p = await eventually('the local image panel loaded', () => panel<LocalImageView>('localImage'), (x) => x.view !== undefined && x.visible);
    assert.equal(p.id, localId);
    assert.equal(p.view.state, 'Synced');
    assert.deepEqual(p.view.source, { id: sourceId, name: IMAGE });
    const file = p.view.file as string;
    assert.ok(existsSync(file), file);
    const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
    assert.equal(p.view.digest, digest);
    assert.match((await texts('#file-path'))[0], new RegExp(`sha256_${digest}\\.tar\\.xz$`));
    assert.deepEqual(await texts('#source-name'), [IMAGE]);

    await clickIn('vscode-button#verify', WEBVIEW);
    await waitForText('.banner', new RegExp(`^The file matches: sha256 ${digest} \\(\\d+ bytes\\)\\.`));
    await screenshot('panel-local-image-verified-dark');
    await setTheme('Default Light Modern');
    await screenshot('panel-local-image-verified-light');
    await setTheme('Default Dark Modern');

    // The Image Sources view shows the local image beside the panel.
    await vscode.commands.executeCommand(`${ViewIds.imageSources}.focus`);
    const localRow = `${IMAGES_PANE} .monaco-list-row[aria-label^="${p.view.name},"]`;
    await eventually('the local image in the view', () => queryPage(localRow), (r) => r.length === 1 && /Synced/.test(r[0].ariaLabel ?? ''));
    await new Promise((r) => setTimeout(r, 1000));
    const settled = await redraws();

    // The file changes on disk behind the catalog's back: Verify file says so.
    appendFileSync(file, 'tampered');
    await clickIn('vscode-button#verify', WEBVIEW);
    await waitForText('.banner.error', new RegExp(`^Mismatch: the file's sha256 is [0-9a-f]{64}, the catalog expects ${digest}\\. The image is now marked Outdated`));
    // The view redrew just the nodes whose look changed (the image, its group's count), not the whole view.
    await eventually('the local image shown Outdated in the view', () => queryPage(localRow), (r) => r.length === 1 && /⚠ Outdated/.test(r[0].ariaLabel ?? ''));
    await eventually('the group shows one outdated', () => queryPage(`${IMAGES_PANE} .monaco-list-row[aria-label^="Local images,"]`), (r) => /⚠ 1 outdated/.test(r[0]?.ariaLabel ?? ''));
    await new Promise((r) => setTimeout(r, 1000));
    const after = await redraws();
    assert.ok(after.node >= settled.node + 2, `node redraws: ${JSON.stringify({ settled, after })}`);
    assert.equal(after.full, settled.full, `the whole view was redrawn: ${JSON.stringify({ settled, after })}`);
    await screenshot('image-sources-view-outdated-node');
    // The file is kept, and the catalog no longer calls it Downloaded.
    assert.ok(existsSync(file), 'the mismatch deleted the file');
    await eventually('the local image is Outdated', () => panel<LocalImageView>('localImage'), (x) => x.view.state === 'Outdated');
    await screenshot('panel-local-image-mismatch-dark');
    assert.equal((await panel('localImage')).counters.cspViolations, 0, 'the page hit its CSP');
  });

  it('rejects hostile messages from the page: nothing runs, nothing changes', async () => {
    const before = await panel<LocalImageView>('localImage');
    const hostile: unknown[] = [
      { type: 'executeCommand', requestId: 1, command: C.deleteLocal },
      { type: 'delete', requestId: 2 },
      { type: 'verify', requestId: 3, file: '/etc/passwd' },
      { type: 'verify', requestId: '4' },
      { type: 'openSource', requestId: 5, sourceId: 'another' },
      { type: 'download', requestId: 6 },
      { type: '__proto__', requestId: 7 },
      'verify',
      null,
      [{ type: 'verify', requestId: 8 }],
    ];
    for (const m of hostile) await postFromWebview(m);
    const after = await eventually('rejections counted', () => panel<LocalImageView>('localImage'), (x) => x.counters.rejected >= before.counters.rejected + hostile.length);
    assert.equal(after.counters.rejected, before.counters.rejected + hostile.length);
    assert.equal(after.counters.accepted, before.counters.accepted, 'a hostile message was accepted');
    assert.deepEqual(after.view, before.view, 'the local image changed');
  });

  it('a click on a row of the Image Sources view opens its details', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    const pane = paneOf('Image Sources');
    // "Local images" is expanded and the distributions are not: the only row with this label is the local image's.
    await clickRowToOpen(`${pane} .monaco-list-row:has-text("${IMAGE}")`, async () => (await panelsInfo()).some((p) => p.kind === 'localImage'));
    const local = await eventually('the local image panel', async () => (await panelsInfo()).find((p) => p.kind === 'localImage'), (p) => p?.view !== undefined, NEW_WEBVIEW_MS);
    assert.equal(local?.id, localId);
    // The source's row too, once its distribution is expanded (under it, rows name release · variant · arch).
    await clickIn(`${pane} .monaco-list-row[aria-level="2"]:has-text("alpine")`);
    await clickRowToOpen(`${pane} .monaco-list-row[aria-level="3"]:has-text("3.19 · default · amd64")`, async () => (await panelsInfo()).some((p) => p.kind === 'imageSource'));
    const source = await eventually('the image source panel', async () => (await panelsInfo()).find((p) => p.kind === 'imageSource'), (p) => p?.view !== undefined, NEW_WEBVIEW_MS);
    assert.equal(source?.id, sourceId);
    await screenshot('image-sources-click-opens-details');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });

  it('opens a local image from the palette and from { id }; says "source removed" once its source is deleted', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await eventually('panels closed', panelsInfo, (x) => x.length === 0);
    const opening = vscode.commands.executeCommand(CommandIds.localImagesOpenDetails);
    await chooseInQuickPick(IMAGE);
    await opening;
    await waitInPanel('vscode-button#verify');
    assert.equal((await panel('localImage')).id, localId);
    await vscode.commands.executeCommand(CommandIds.localImagesOpenDetails, { id: localId });
    assert.equal((await panelsInfo()).length, 1);

    assert.equal(await vscode.commands.executeCommand(C.deleteSource, { sourceId, confirmed: true }), true);
    await waitForText('#source-removed', /Source removed/);
    const p = await panel<LocalImageView>('localImage');
    assert.equal(p.view.source, null);
    assert.equal(p.view.sourceRemoved, true);
    await screenshot('panel-local-image-source-removed-dark');
  });
});
