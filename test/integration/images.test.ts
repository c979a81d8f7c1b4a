import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, ImageCommandIds as C, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { join } from 'node:path';
import { pageRequest, queryPage, waitForSelector } from './support/page';
import { screenshot } from './support/screenshot';
import { paneOf } from './support/views';

const pane = paneOf('Image Sources');
/** Visible rows as "label, description" (their aria-label). */
const rows = async (): Promise<string[]> => (await queryPage(`${pane} .monaco-list-row`)).filter((r) => r.visible).map((r) => r.ariaLabel ?? r.text);

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000, seen?: () => Promise<unknown>): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${seen ? `; saw ${JSON.stringify(await seen())}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The tree re-renders shortly after a change (debounced); a page query that runs during the
 * re-render can wait on rows that are gone (the driver queries row by row), so let it settle first.
 */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 800));

/**
 * Runs a command that shows a quick pick, filters the pick by `text`, and accepts the one match.
 * Returns the command's promise wrapped, so awaiting this does not wait for the command itself.
 */
async function pickWhileRunning<T>(command: string, text: string): Promise<{ running: Thenable<T> }> {
  const running = vscode.commands.executeCommand<T>(command);
  await waitForSelector('.quick-input-widget .quick-input-box input');
  await pageRequest({ op: 'type', text });
  const shown = async (): Promise<string[]> => (await queryPage('.quick-input-list .monaco-list-row')).filter((r) => r.visible).map((r) => r.text);
  await until('exactly the wanted quick pick item', async () => {
    const items = await shown();
    return items.length === 1 && items[0].includes(text) ? true : undefined;
  }, 10_000, shown);
  await pageRequest({ op: 'press', key: 'Enter' });
  return { running };
}

describe('image sources view @page', function () {
  this.timeout(120_000);
  const base = process.env.CC_SIMPLESTREAMS_URL;
  const servers = base ? [`${base}/ss`, `${base}/ss-slow`] : [];
  const locals: string[] = [];

  before(async () => {
    if (!base) throw new Error('CC_SIMPLESTREAMS_URL is not set: start test/peers/simplestreams.sh (npm test does)');
    // Only loopback servers, before anything could seed the catalog's list with the default.
    await vscode.workspace.getConfiguration('containerCatalog.imageSources').update('simplestreamsServers', [servers[0]], vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await vscode.commands.executeCommand('containerCatalog.imageSources.focus');
  });

  after(async () => {
    await vscode.commands.executeCommand(C.cancelDownload);
    // Leave the catalog empty again (the views suite checks the welcome content).
    for (const id of locals) await vscode.commands.executeCommand(C.deleteLocal, { localImageId: id, confirmed: true });
    for (const s of servers) await vscode.commands.executeCommand(C.removeSimplestreams, { url: s });
  });

  it('shows type → distribution → release/variant/arch after a refresh, with the catalog age', async () => {
    const added = await vscode.commands.executeCommand<string[]>(C.addSimplestreams, { url: servers[0] });
    assert.deepEqual(added, [servers[0]]);
    const results = await vscode.commands.executeCommand<{ type: string; status: string; upserted: number }[]>(C.refresh, { type: 'Incus', force: true });
    assert.deepEqual(results.map((r) => [r.type, r.status, r.upserted]), [['Incus', 'updated', 9]]);
    await settle();
    await until('the Simplestreams group', async () => {
      const r = await rows();
      return r.some((t) => t.startsWith('Simplestreams (LXD/Incus)')) ? r : undefined;
    });
    // VS Code keeps a row's folded state by its id: an earlier suite (the Image Sources menus) folds every
    // row, and a run where the group comes back under the same id shows it folded. Unfold it as a user would.
    const group = `${pane} .monaco-list-row[aria-label^="Simplestreams (LXD/Incus)"]`;
    if ((await queryPage(`${group}[aria-expanded="false"]`)).some((r) => r.visible)) {
      await pageRequest({ op: 'click', selector: group });
      await settle();
    }
    const top = await until('the distributions under the group', async () => {
      const r = await rows();
      return r.includes('alpine, 4') ? r : undefined;
    }, 20_000, rows);
    assert.ok(top.some((t) => /^Simplestreams \(LXD\/Incus\), 9 · refreshed just now/.test(t)), JSON.stringify(top));
    assert.ok(top.includes('alpine, 4') && top.includes('debian, 5'), JSON.stringify(top));
    await pageRequest({ op: 'click', selector: `${pane} .monaco-list-row[aria-label^="alpine"]` });
    await settle();
    const expanded = await until('alpine leaves', async () => {
      const r = await rows();
      return r.some((t) => t.startsWith('3.20 · default · amd64')) ? r : undefined;
    });
    const leaf = expanded.find((t) => t.startsWith('3.20 · default · arm64'))!;
    assert.match(leaf, /^3\.20 · default · arm64, \d+(\.\d)? (KB|MB) · @127\.0\.0\.1:\d+\/ss$/);
    // A normal refresh inside the TTL asks nothing.
    const again = await vscode.commands.executeCommand<{ status: string }[]>(C.refresh, { type: 'Incus' });
    assert.equal(again[0].status, 'skipped');
    await screenshot('image-sources-after-refresh');
  });

  it('filters by values the tree shows', async () => {
    const f = await vscode.commands.executeCommand<Record<string, string>>(C.filter, { field: 'arch', value: 'arm64' });
    assert.deepEqual(f, { arch: 'arm64' });
    await settle();
    const r = await until('the filter node', async () => {
      const x = await rows();
      return x.some((t) => t.startsWith('Filter: arch=arm64')) ? x : undefined;
    });
    assert.ok(r.some((t) => t === 'alpine, 2'), JSON.stringify(r));
    assert.ok(!r.some((t) => t.startsWith('debian')), 'debian has no arm64 image');
    await screenshot('image-sources-filtered');
    // A value the tree does not show is refused (and the filter stays as it was); called by code, the command rejects.
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(C.filter, { field: 'arch', value: 'mips' })), /no image source shows arch "mips"/);
    assert.deepEqual(await vscode.commands.executeCommand(C.filter, { field: 'os', value: '' }), { arch: 'arm64' });
    assert.deepEqual(await vscode.commands.executeCommand(C.clearFilter), {});
    await pageRequest({ op: 'press', key: 'Escape' });
  });

  it('downloads with a progress notification that can be cancelled, then downloads and verifies', async () => {
    await vscode.commands.executeCommand(C.addSimplestreams, { url: servers[1] });
    await vscode.commands.executeCommand(C.refresh, { type: 'Incus', force: true });
    await vscode.commands.executeCommand(C.clearFilter);
    // The throttled server (nginx limit_rate) keeps the download running while we look at it.
    await vscode.commands.executeCommand('notifications.clearAll');
    await settle();
    const slow = (await pickWhileRunning<unknown>(C.download, 'ss-slow/images/alpine/3.19/amd64')).running;
    const toasts = async (): Promise<string[]> => (await queryPage('.notifications-toasts .notification-list-item')).filter((n) => n.visible).map((n) => n.text.replace(/\s+/g, ' '));
    const toast = await until('the progress notification', async () => (await toasts()).find((x) => /Downloading alpine 3\.19 default \(amd64\)/.test(x) && / of \d/.test(x)),
      20_000, async () => ({ toasts: await toasts(), rows: await rows() }));
    assert.match(toast, /\d+(\.\d)? KB of \d+(\.\d)? (KB|MB) \(\d+%\)/);
    await until('the percentage on the source', async () => ((await rows()).some((t) => /downloading \d+%/.test(t)) ? true : undefined));
    await screenshot('image-download-progress');
    assert.equal(await vscode.commands.executeCommand(C.cancelDownload), true);
    assert.equal(await slow, undefined, 'a cancelled download returns nothing');

    await settle();
    const done = await (await pickWhileRunning<{ localImageId: string; file: string; downloaded: boolean }>(C.download, '/ss/images/debian/bookworm/amd64/cloud')).running;
    assert.ok(done, 'the download finished');
    locals.push(done.localImageId);
    assert.equal(done.downloaded, true);
    assert.ok(existsSync(done.file));
    const digest = /sha256_([0-9a-f]{64})\.tar\.xz$/.exec(done.file)?.[1];
    assert.equal(createHash('sha256').update(readFileSync(done.file)).digest('hex'), digest);
    // Rows are virtualized: collapse the long lists so the Local images group is on screen.
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.imageSources.collapseAll');
    await settle();
    await until('the Local images group', async () => ((await rows()).some((t) => t.startsWith('Local images, 1')) ? true : undefined), 20_000, rows);
    // Collapse All folds the Local images group too (whether VS Code keeps it folded depends on whether the group
    // was drawn before the fold): unfold it as a user would, then wait for its row.
    const localGroup = `${pane} .monaco-list-row[aria-label^="Local images, 1"]`;
    if ((await queryPage(`${localGroup}[aria-expanded="false"]`)).some((r) => r.visible)) {
      await pageRequest({ op: 'click', selector: localGroup });
      await settle();
    }
    const local = await until('the downloaded image under Local images', async () => (await rows()).find((t) => t.startsWith('debian bookworm cloud (amd64)')), 20_000, rows);
    assert.match(local, /^debian bookworm cloud \(amd64\), Synced · \d+(\.\d)? KB$/);
    await screenshot('image-local-synced');
  });

  /** The number the Simplestreams group shows ("Simplestreams (LXD/Incus), 10 · refreshed …"). */
  const simplestreamsCount = async (): Promise<number | undefined> => {
    const m = (await rows()).map((t) => /^Simplestreams \(LXD\/Incus\), (\d+)/.exec(t)).find(Boolean);
    return m ? Number(m[1]) : undefined;
  };

  it('follows the server setting: a server put in shows at once, one taken out leaves with its sources', async () => {
    const config = () => vscode.workspace.getConfiguration('containerCatalog.imageSources');
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.imageSources.collapseAll');
    const before = await until('the Simplestreams group', simplestreamsCount, 20_000, rows);
    const second = `${base}/ss2`;
    try {
      // No refresh asked: the setting's new server is read because it was put in (ss2 offers one product).
      await config().update('simplestreamsServers', [servers[0], second], vscode.ConfigurationTarget.Global);
      await until('the second server\'s image source', async () => ((await simplestreamsCount()) === before + 1 ? true : undefined), 20_000, rows);
      await screenshot('image-sources-server-from-setting');
    } finally {
      await config().update('simplestreamsServers', [servers[0]], vscode.ConfigurationTarget.Global);
    }
    await until('the second server gone with its source', async () => ((await simplestreamsCount()) === before ? true : undefined), 20_000, rows);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(C.removeSimplestreams, { url: second })), /is not in the simplestreams server list/);
  });

  it('a refresh called by code rejects naming the server it could not read, and keeps what the others gave', async () => {
    const failing = `${base}/ss-500`;
    await vscode.commands.executeCommand(C.addSimplestreams, { url: failing });
    const before = await until('the Simplestreams group', simplestreamsCount, 20_000, rows);
    try {
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand(C.refresh, { type: 'Incus', force: true })),
        (e: Error) => e.message.includes(`Could not read ${failing}`) && /500/.test(e.message),
      );
      await settle();
      assert.equal(await simplestreamsCount(), before, 'the servers that answered keep their rows');
    } finally {
      await vscode.commands.executeCommand(C.removeSimplestreams, { url: failing });
    }
  });

  it('adds a registry image (HEAD digest), checks it for updates, imports a tarball, and deletes sources', async () => {
    const anon = process.env.CC_REGISTRY_ANON;
    const root = process.env.CC_SIMPLESTREAMS_ROOT;
    if (!anon || !root) throw new Error('CC_REGISTRY_ANON / CC_SIMPLESTREAMS_ROOT are not set: start the registry and simplestreams peers');
    const registry = await vscode.commands.executeCommand<{ id: string }>(CommandIds.registriesAdd, { name: 'images-test', url: `http://${anon}/` });
    try {
      const sourceId = await vscode.commands.executeCommand<string>(C.addRegistryImage, { registryId: registry.id, repository: 'library/busybox', tag: '1.2' });
      assert.match(sourceId ?? '', /^[0-9a-f-]{36}$/);
      const check = await vscode.commands.executeCommand<{ checked: number; changed: string[]; outdated: number; errors: unknown[] }>(C.checkOutdated, {});
      assert.deepEqual(check, { checked: 1, changed: [], outdated: 0, errors: [] });
      const tarball = join(root, 'files/uri/plain-debian-12.rootfs.tar.xz');
      const imported = await vscode.commands.executeCommand<{ localImageId: string; imageSourceId: string }>(C.importTarball, { path: tarball });
      assert.ok(imported?.localImageId && imported.imageSourceId);
      await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.imageSources.collapseAll');
      await settle();
      await pageRequest({ op: 'click', selector: `${pane} .monaco-list-row[aria-label^="Local images"]` });
      await settle();
      const shown = await until('the registry image group and the imported image', async () => {
        const r = await rows();
        return r.includes('Registry images, 1') && r.some((t) => /^debian 12 \(plain-debian-12\.rootfs\.tar\.xz\), Synced · \d+/.test(t)) ? r : undefined;
      }, 20_000, rows);
      assert.ok(shown.includes('Local tarballs, 1'), JSON.stringify(shown));
      await screenshot('image-registry-and-import');
      // Deleting a source keeps its downloaded local image (source removed); deleting that removes its file.
      assert.equal(await vscode.commands.executeCommand(C.deleteSource, { sourceId: imported.imageSourceId, confirmed: true }), true);
      await settle();
      await until('the orphaned local image', async () => ((await rows()).some((t) => /^debian 12 .*, Synced · .* · source removed$/.test(t)) ? true : undefined), 20_000, rows);
      assert.deepEqual(await vscode.commands.executeCommand(C.deleteLocal, { localImageId: imported.localImageId, confirmed: true }), { fileRemoved: true });
      assert.equal(await vscode.commands.executeCommand(C.deleteSource, { sourceId, confirmed: true }), true);
    } finally {
      await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: registry.id, skipConfirmation: true });
    }
  });
});
