import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { registryPeer, type RegistryPeer } from '../unit/registries/registryPeer';
import { hostDataFiles, hostRunRoot } from './support/hostFiles';
import { pageRequest, queryPage, waitForSelector } from './support/page';
import { screenshot } from './support/screenshot';
import { setTheme } from './panels/panelDriver';
import { tcpRelay } from '../support/tcpRelay';
import { arrangeViews } from './support/views';

interface SnapshotNode {
  type: string;
  id: string;
  name?: string;
  tag?: string;
  repository?: string;
  digest?: string;
  registry?: { url: string; loggedIn: boolean; username: string | null };
  message?: string;
  kind?: string;
}

const PANE = '.pane:has(> .pane-header[aria-label^="Registries"][aria-label$=" Section"])';
const row = (text: string) => `${PANE} .monaco-list-row:has-text("${text}")`;

/** Every file under `dir` (the host run's folders are small: logs, state, the catalog). */
describe('registries view and commands @page', () => {
  let peer: RegistryPeer;
  let registryId: string;
  const name = 'Test registry (htpasswd)';
  let restoreViews: () => Promise<void> = async () => undefined;

  const snapshot = async () => (await vscode.commands.executeCommand<SnapshotNode[]>(CommandIds.registriesTreeSnapshot)) ?? [];
  /** Per log file, how many lines record a login to the htpasswd peer (other suites of the run log in too). */
  const loginLines = (): Map<string, number> =>
    new Map(
      [...hostDataFiles(), join(hostRunRoot(), 'server.log')]
        .filter((f) => f.endsWith('.log') && existsSync(f))
        .map((f) => [f, readFileSync(f, 'utf8').split('\n').filter((l) => l.includes(`${peer.basic}: logged in as ${peer.user}`)).length]),
    );
  let loginLinesBefore = new Map<string, number>();

  before(async () => {
    peer = registryPeer();
    loginLinesBefore = loginLines();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    // Room for the tree: fold the two other views of the container (their headers stay).
    restoreViews = await arrangeViews({ 'Image Sources': false, Containers: false });
  });

  after(async () => {
    await restoreViews();
  });

  it('adds a registry from an argument object, and refuses it twice', async () => {
    const added = await vscode.commands.executeCommand<{ id: string; url: string }>(CommandIds.registriesAdd, { name, url: `http://${peer.basic}/` });
    assert.equal(added.url, peer.basic);
    registryId = added.id;
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.registriesAdd, { url: peer.basic })), /already added/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.registriesAdd, { url: 'ftp://x' })), /scheme "ftp:\/\/"/);
    await waitForSelector(row(name));
  });

  it('logs in through the command with arguments; a wrong password changes nothing', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(CommandIds.registriesLogin, { id: registryId, username: peer.user, password: 'wrong' })),
      /Wrong credentials/,
    );
    const result = await vscode.commands.executeCommand<{ username: string; credentialsVerified: boolean }>(CommandIds.registriesLogin, {
      url: peer.basic,
      username: peer.user,
      password: peer.password,
    });
    assert.deepEqual(result, { id: registryId, username: peer.user, credentialsVerified: true });
    await waitForSelector(`${row(name)}:has-text("logged in as ${peer.user}")`);
  });

  it('shows the repositories and the tags (newest first, digests) in the tree', async () => {
    await pageRequest({ op: 'click', selector: row(name) });
    await waitForSelector(row('library/busybox'));
    // The list is virtual (only rows in view exist in the page): every repository is a node of the
    // tree, and the first ones are on screen.
    const repos = (await snapshot()).filter((n) => n.type === 'repository').map((n) => n.name);
    assert.deepEqual(repos, [...peer.repos].sort());
    const repoRows = (await queryPage(`${PANE} .monaco-list-row`)).map((r) => r.text);
    for (const repo of repos.slice(0, 3)) assert.ok(repoRows.some((t) => t.includes(repo!)), `${repo} not shown in ${JSON.stringify(repoRows)}`);

    // By keyboard: the mouse would raise the registry's hover, which covers the rows below it.
    // Repositories are sorted, library/busybox is the second one under the focused registry row.
    await pageRequest({ op: 'press', key: 'ArrowDown' });
    await pageRequest({ op: 'press', key: 'ArrowDown' });
    await waitForSelector(`${row('library/busybox')}.focused`);
    await pageRequest({ op: 'press', key: 'ArrowRight' });
    await waitForSelector(row('docker-1.2'));
    await waitForSelector(row('1.10'));
    const file = await screenshot('registries-tree');
    assert.ok(statSync(file).size > 10_000);

    const nodes = await snapshot();
    const tags = nodes.filter((n) => n.type === 'tag' && n.repository === 'library/busybox');
    assert.deepEqual(tags.map((t) => t.tag), ['latest', '1.2', 'docker-1.2', '1.1', '1.0', '1.10']);
    for (const t of tags) assert.equal(t.digest, peer.digests[`library/busybox:${t.tag}`]);
    // The rows are in the same order on screen.
    const shown = (await queryPage(`${PANE} .monaco-list-row .label-name`)).map((r) => r.text.trim());
    const order = tags.map((t) => shown.indexOf(t.tag!));
    assert.ok(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), `tag rows ${JSON.stringify(shown)}`);
  });

  it('copies pull references by tag and by digest', async () => {
    const byTag = await vscode.commands.executeCommand<string>(CommandIds.registriesCopyReference, { id: registryId, repository: 'library/busybox', tag: '1.0' });
    assert.equal(byTag, `${peer.basic}/library/busybox:1.0`);
    const byDigest = await vscode.commands.executeCommand<string>(CommandIds.registriesCopyDigestReference, { id: registryId, repository: 'library/busybox', tag: '1.0' });
    assert.equal(byDigest, `${peer.basic}/library/busybox@${peer.digests['library/busybox:1.0']}`);
    assert.equal(await vscode.env.clipboard.readText(), byDigest);
  });

  it('shows a registry that refuses listing with a notice, and tracked repositories', async () => {
    const bearer = await vscode.commands.executeCommand<{ id: string }>(CommandIds.registriesAdd, { name: 'Test registry (token)', url: peer.bearer });
    await vscode.commands.executeCommand(CommandIds.registriesTrack, { id: bearer.id, repository: 'team/alpha' });
    await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.registries.collapseAll');
    await pageRequest({ op: 'press', key: 'Escape' });
    await pageRequest({ op: 'click', selector: row('Test registry (token)') });
    await waitForSelector(row('listing not allowed'));
    await waitForSelector(row('team/alpha'));
    const nodes = await snapshot();
    assert.ok(nodes.some((n) => n.type === 'message' && n.kind === 'catalogNotAllowed'));
    assert.ok(nodes.some((n) => n.type === 'repository' && n.name === 'team/alpha'));
    await screenshot('registries-tracked');
    await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: bearer.id, skipConfirmation: true });
  });

  it('keeps a listing it read and shows it offline, saying how old it is', async () => {
    // A relay of the test's own in front of the real registry: closing it takes the registry off the network.
    const front = await tcpRelay(peer.anon);
    let closed = false;
    try {
      const offline = await vscode.commands.executeCommand<{ id: string }>(CommandIds.registriesAdd, { name: 'Test registry (goes offline)', url: front.host });
      await vscode.commands.executeCommand('workbench.actions.treeView.containerCatalog.registries.collapseAll');
      await pageRequest({ op: 'press', key: 'Escape' });
      await pageRequest({ op: 'click', selector: row('Test registry (goes offline)') });
      await waitForSelector(row('library/busybox'));
      const listed = (await snapshot()).filter((n) => n.type === 'repository' && n.id.startsWith(`${offline.id}/`)).map((n) => n.name);
      assert.deepEqual(listed, [...peer.repos].sort());

      await front.close();
      closed = true;
      await vscode.commands.executeCommand(CommandIds.registriesRefresh, { id: offline.id });
      await waitForSelector(row('Offline · read'));
      const nodes = (await snapshot()).filter((n) => n.id.startsWith(`${offline.id}/`));
      assert.deepEqual(nodes.filter((n) => n.type === 'repository').map((n) => n.name), listed, 'the stored repositories are still there');
      assert.ok(nodes.some((n) => n.type === 'message' && /^Offline/.test(n.message ?? '')), JSON.stringify(nodes));
      // Both themes: the "Offline · read …" note must read in each.
      const theme = vscode.workspace.getConfiguration('workbench').inspect<string>('colorTheme')?.globalValue;
      await setTheme('Default Dark Modern');
      await screenshot('registries-offline-dark');
      await setTheme('Default Light Modern');
      await screenshot('registries-offline-light');
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: offline.id, skipConfirmation: true });
    } finally {
      if (!closed) await front.close();
    }
  });

  it('edits in place, logs out, and imports logins from a docker config with arguments', async () => {
    const edited = await vscode.commands.executeCommand<{ id: string; name: string; url: string }>(CommandIds.registriesEdit, { id: registryId, name: 'Renamed (htpasswd)' });
    assert.deepEqual([edited.id, edited.name, edited.url], [registryId, 'Renamed (htpasswd)', peer.basic]);
    await waitForSelector(`${row('Renamed (htpasswd)')}:has-text("logged in as ${peer.user}")`);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.registriesEdit, { id: registryId, newUrl: 'docker.io' })), /already added/);

    const out = await vscode.commands.executeCommand<{ loggedIn: boolean }>(CommandIds.registriesLogout, { id: registryId });
    assert.equal(out.loggedIn, false);
    await waitForSelector(`${row('Renamed (htpasswd)')}:has-text("anonymous")`);

    const config = join(dirname(dirname(process.env.XDG_CONFIG_HOME ?? '')), 'tmp', 'docker-config.json');
    writeFileSync(config, JSON.stringify({ auths: { [peer.basic]: { auth: Buffer.from(`${peer.user}:${peer.password}`).toString('base64') } }, credHelpers: { 'gcr.io': 'gcloud' } }));
    const report = await vscode.commands.executeCommand<{ imported: { url: string; username: string }[]; helpers: { registry: string }[] }>(CommandIds.registriesImportLogins, { files: [config] });
    rmSync(config);
    assert.deepEqual(report.imported.map((i) => [i.url, i.username]), [[peer.basic, peer.user]]);
    assert.deepEqual(report.helpers.map((h) => h.registry), ['gcr.io']);
    await waitForSelector(`${row('Renamed (htpasswd)')}:has-text("logged in as ${peer.user}")`);
    await vscode.commands.executeCommand(CommandIds.registriesEdit, { id: registryId, name });
  });

  it('adds a registry from the palette through validated input boxes', async () => {
    const input = '.quick-input-widget .quick-input-box input';
    const message = (text: string) => `.quick-input-widget .quick-input-message:has-text("${text}")`;
    const done = Promise.resolve(vscode.commands.executeCommand<{ id: string; name: string; url: string }>(CommandIds.registriesAdd));
    await waitForSelector(input);
    await pageRequest({ op: 'type', text: 'ftp://registry.example.com' });
    await waitForSelector(message('is not supported: use https://'));
    await screenshot('registries-add-validation');
    await pageRequest({ op: 'fill', selector: input, text: `http://${peer.basic}` });
    await waitForSelector(message('Already added as'));
    await pageRequest({ op: 'fill', selector: input, text: peer.anon });
    await pageRequest({ op: 'press', key: 'Enter' });
    // Name: the proposed default is the host; replace it.
    await waitForSelector('.quick-input-widget .quick-input-title:has-text("Add Registry (2/3)")');
    await pageRequest({ op: 'fill', selector: input, text: 'Typed in (anonymous)' });
    await pageRequest({ op: 'press', key: 'Enter' });
    // TLS: the first choice, system certificates.
    await waitForSelector('.quick-input-widget .quick-input-title:has-text("Add Registry (3/3)")');
    await waitForSelector('.quick-input-widget .quick-input-list .monaco-list-row:has-text("Verify with the system certificates")');
    await pageRequest({ op: 'press', key: 'Enter' });
    const added = await done;
    assert.equal(added.url, peer.anon);
    assert.equal(added.name, 'Typed in (anonymous)');
    await waitForSelector(row('Typed in (anonymous)'));
  });

  it('keeps the password out of catalog.db and every log', async () => {
    // Let the catalog's coalesced save and the log channel reach the disk.
    await vscode.commands.executeCommand(CommandIds.registriesVerify, { id: registryId });
    await new Promise((r) => setTimeout(r, 1500));
    const runRoot = hostRunRoot();
    const files = [...hostDataFiles(), join(runRoot, 'server.log')].filter((f) => existsSync(f));
    const catalogs = files.filter((f) => f.endsWith('catalog.db'));
    assert.equal(catalogs.length, 1, `expected one catalog.db under ${runRoot}, found ${JSON.stringify(catalogs)}`);
    assert.ok(readFileSync(catalogs[0]).includes(Buffer.from(peer.basic)), 'the catalog does hold the registry');
    const logs = files.filter((f) => f.endsWith('.log'));
    assert.ok(logs.some((f) => readFileSync(f, 'utf8').includes(`logged in as ${peer.user}`)), 'the extension log records the login');
    // Each login once (#17 rough edge: the command logged it as well as the service): this suite logged in
    // twice, by the command and by the import of a docker config. Suites before it in the run may have too.
    const added = [...loginLines()].map(([f, n]) => n - (loginLinesBefore.get(f) ?? 0));
    assert.equal(Math.max(...added), 2, `login lines this suite added, per log file: ${JSON.stringify(added)}`);
    const secrets = [Buffer.from(peer.password), Buffer.from(Buffer.from(`${peer.user}:${peer.password}`).toString('base64'))];
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const s of secrets) assert.equal(bytes.includes(s), false, `password bytes found in ${f}`);
    }
  });

  it('shows the welcome content with its Add Registry action once every registry is removed', async () => {
    for (const r of (await snapshot()).filter((n) => n.type === 'registry')) {
      await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: r.id, skipConfirmation: true });
    }
    await waitForSelector(`${PANE} .welcome-view-content`);
    const buttons = (await queryPage(`${PANE} .welcome-view-content .monaco-button`)).map((b) => b.text);
    assert.deepEqual(buttons, ['Add Registry']);
    assert.deepEqual(await snapshot(), []);
    await screenshot('registries-welcome');
  });
});
