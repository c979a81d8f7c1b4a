import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import * as vscode from 'vscode';
import { CommandIds, EXTENSION_ID, ImageCommandIds, VIEW_CONTAINER_ID } from '../../src/providers/platform/ids';
import { copyWslManagerFixture } from '../unit/images/wslManagerDb';
import { hostRunRoot } from './support/hostFiles';
import { pageRequest, queryPage, waitForSelector } from './support/page';
import { screenshot } from './support/screenshot';

const PANE = '.pane:has(> .pane-header[aria-label^="Registries"][aria-label$=" Section"])';
const row = (text: string) => `${PANE} .monaco-list-row:has-text("${text}")`;
const IMAGES = '.pane:has(> .pane-header[aria-label^="Image Sources"][aria-label$=" Section"])';

interface WslReport {
  alreadyImported: boolean; userVersion: number;
  sources: { added: Array<{ id: string }> }; localImages: { added: Array<{ id: string; name: string; note?: string }> }; files: unknown[];
}

interface KitReport { alreadyImported: boolean; dryRun: boolean; added: Array<{ id: string; name: string; url: string; loginNeeded: boolean }> }

const KIT_ROWS = [
  "('0193a1b2-0000-7000-8000-0000000000a1', 'Kit GitLab', 'registry.gitlab.com', 1)",
  "('0193a1b2-0000-7000-8000-0000000000a2', 'Kit Quay', 'https://quay.io', 0)",
  "('0193a1b2-0000-7000-8000-0000000000a3', 'Kit local', '127.0.0.1:5999', 0)",
];

/** Container Kit's database from seed 000's DDL with `rows` (SQL tuples), built at run time. */
async function kitDb(file: string, rows = KIT_ROWS): Promise<Buffer> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(`CREATE TABLE \`registry\` (\`id\` text PRIMARY KEY NOT NULL, \`name\` text NOT NULL, \`url\` text NOT NULL, \`logged_in\` integer DEFAULT false);
    CREATE UNIQUE INDEX \`registry_url_unique\` ON \`registry\` (\`url\`);
    CREATE TABLE \`seeds\` (\`id\` text PRIMARY KEY NOT NULL, \`name\` text NOT NULL, \`applied\` integer DEFAULT false);
    ${rows.map((r) => `INSERT INTO registry VALUES ${r};`).join('\n')}`);
  const bytes = Buffer.from(db.export());
  db.close();
  writeFileSync(file, bytes);
  return bytes;
}

describe('imports of the seed systems\' databases @page', () => {
  const dir = join(hostRunRoot(), 'imports');
  let added: KitReport['added'] = [];

  before(async () => {
    mkdirSync(dir, { recursive: true });
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
  });

  let wsl: WslReport | undefined;

  after(async () => {
    for (const a of added) await vscode.commands.executeCommand(CommandIds.registriesRemove, { id: a.id, skipConfirmation: true });
    // Leave the catalog as the later suites expect it.
    for (const l of wsl?.localImages.added ?? []) await vscode.commands.executeCommand(ImageCommandIds.deleteLocal, { localImageId: l.id, confirmed: true });
    for (const s of wsl?.sources.added ?? []) await vscode.commands.executeCommand(ImageCommandIds.deleteSource, { sourceId: s.id, confirmed: true });
  });

  it('imports a Container Kit local.db from an argument object: dry run, import, no-op; the tree says "login needed"', async () => {
    const file = join(dir, 'local.db');
    const bytes = await kitDb(file);
    const dry = await vscode.commands.executeCommand<KitReport>(CommandIds.registriesImportContainerKit, { file, dryRun: true });
    assert.equal(dry.dryRun, true);
    assert.deepEqual(dry.added.map((a) => a.name), ['Kit GitLab', 'Kit local']);
    const done = await vscode.commands.executeCommand<KitReport>(CommandIds.registriesImportContainerKit, { file });
    added = done.added;
    assert.deepEqual(done.added.map((a) => [a.id, a.url, a.loginNeeded]), [
      ['0193a1b2-0000-7000-8000-0000000000a1', 'registry.gitlab.com', true],
      ['0193a1b2-0000-7000-8000-0000000000a3', '127.0.0.1:5999', false],
    ]);
    const again = await vscode.commands.executeCommand<KitReport>(CommandIds.registriesImportContainerKit, { file });
    assert.equal(again.alreadyImported, true);
    assert.ok(readFileSync(file).equals(bytes), 'local.db is byte-identical');
    await waitForSelector(`${row('Kit GitLab')}:has-text("login needed")`);
    await waitForSelector(row('Kit local'));
    await screenshot('imports-container-kit-registries', '#workbench\\.parts\\.sidebar');
  });

  it('refuses bad arguments and a file that is not Container Kit\'s, naming the problem', async () => {
    const run = (arg: unknown) => Promise.resolve(vscode.commands.executeCommand(CommandIds.registriesImportContainerKit, arg));
    await assert.rejects(run({ file: 42 }), /"file" must be/);
    await assert.rejects(run({ dryRun: true }), /"file" is required/);
    await assert.rejects(run({ file: join(dir, 'local.db'), extra: 1 }), /extra/);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database');
    await assert.rejects(run({ file: text }), /notes\.txt cannot be imported: it is not an SQLite database/);
  });

  it('offers a Container Kit database found at its usual place with how many registries would come over, imports it on Import, then says it was imported', async () => {
    // The host's XDG config folder stands for ~/.config: Tauri's SQL plugin keeps the file under the app's config folder.
    const base = process.env.XDG_CONFIG_HOME;
    if (!base) throw new Error('XDG_CONFIG_HOME is not set: the test host sets it to a folder of its own');
    const folder = join(base, 'com.ethercorps.container-kit');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'container-kit.db');
    const bytes = await kitDb(file, ["('0193a1b2-0000-7000-8000-0000000000b1', 'Kit Offered', 'offered.example.org:5000', 1)"]);
    try {
      const offer = vscode.commands.executeCommand<{ file: string; alreadyImported: boolean; imported?: KitReport }>(CommandIds.registriesFindContainerKit);
      const text = 'database is on this machine: 1 registries could come over';
      const toast = `.notification-toast:has-text("${text}")`;
      try {
        await waitForSelector(toast, undefined, 30_000);
      } catch {
        await vscode.commands.executeCommand('notifications.showList');
        await waitForSelector(`.notifications-center .monaco-list-row:has-text("${text}")`, undefined, 10_000);
      }
      await screenshot('imports-offer-container-kit');
      await pageRequest({ op: 'click', selector: `${toast} .monaco-button:has-text("Import"), .notifications-center .monaco-list-row:has-text("${text}") .monaco-button:has-text("Import")` });
      const found = await offer;
      assert.equal(found.file, file);
      assert.equal(found.alreadyImported, false);
      assert.deepEqual(found.imported?.added.map((a) => [a.id, a.url, a.loginNeeded]), [['0193a1b2-0000-7000-8000-0000000000b1', 'offered.example.org:5000', true]]);
      added = [...added, ...(found.imported?.added ?? [])];
      assert.ok(readFileSync(file).equals(bytes), 'container-kit.db is byte-identical');
      await waitForSelector(`${row('Kit Offered')}:has-text("login needed")`);
      const again = await vscode.commands.executeCommand<{ alreadyImported: boolean }>(CommandIds.registriesFindContainerKit);
      assert.equal(again.alreadyImported, true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(CommandIds.registriesFindContainerKit, { quiet: 'yes' })), /"quiet" must be/);
  });

  it('imports a Wsl-Manager images.db (schema 7) from an argument object; its local images show in the view', async () => {
    const folder = join(dir, 'wsl');
    mkdirSync(folder, { recursive: true });
    const f = copyWslManagerFixture(folder, 7);
    const bytes = readFileSync(f.file);
    const dry = await vscode.commands.executeCommand<WslReport>(ImageCommandIds.importWslManager, { file: f.file, dryRun: true });
    assert.equal(dry.userVersion, 7);
    assert.equal(dry.files.length, 2);
    wsl = await vscode.commands.executeCommand<WslReport>(ImageCommandIds.importWslManager, { file: f.file });
    assert.equal(wsl.alreadyImported, false);
    assert.deepEqual(wsl.localImages.added.map((l) => l.id), f.locals.map((l) => l.Id));
    assert.equal((await vscode.commands.executeCommand<WslReport>(ImageCommandIds.importWslManager, { file: f.file })).alreadyImported, true);
    assert.ok(readFileSync(f.file).equals(bytes), 'images.db is byte-identical');
    // Only the imported alpine source, so the local images fit in the view whatever earlier suites left.
    await vscode.commands.executeCommand(ImageCommandIds.filter, { field: 'os', value: 'alpine' });
    try {
      await waitForSelector(`${IMAGES} .monaco-list-row:has-text("Local images"):has-text("5 · ⚠ 1 outdated")`);
      await waitForSelector(`${IMAGES} .monaco-list-row:has-text("alpine"):has-text("Synced")`);
      await waitForSelector(`${IMAGES} .monaco-list-row:has-text("arch"):has-text("Outdated")`);
      await screenshot('imports-wsl-manager-images', '#workbench\\.parts\\.sidebar');
    } finally {
      await vscode.commands.executeCommand(ImageCommandIds.clearFilter);
    }
    const run = (arg: unknown) => Promise.resolve(vscode.commands.executeCommand(ImageCommandIds.importWslManager, arg));
    await assert.rejects(run({ file: true }), /"file" must be/);
    await assert.rejects(run({ file: join(dir, 'local.db') }), /local\.db cannot be imported: it is not Wsl-Manager's images\.db/);
  });

  it('offers a Wsl-Manager images.db found at its usual place with what would come over, imports it on Import, then says it was imported', async () => {
    // The host's XDG data folder stands for ~/.local/share; schema 5 makes a file the earlier test did not import.
    const base = process.env.XDG_DATA_HOME;
    if (!base) throw new Error('XDG_DATA_HOME is not set: the test host sets it to a folder of its own');
    const folder = join(base, 'Wsl', 'RootFS');
    mkdirSync(folder, { recursive: true });
    // The rows the schema 7 import brought in go first, so this file (the same rows) has something new.
    for (const l of wsl?.localImages.added ?? []) await vscode.commands.executeCommand(ImageCommandIds.deleteLocal, { localImageId: l.id, confirmed: true });
    for (const s2 of wsl?.sources.added ?? []) await vscode.commands.executeCommand(ImageCommandIds.deleteSource, { sourceId: s2.id, confirmed: true });
    wsl = undefined;
    const f = copyWslManagerFixture(folder, 5);
    try {
      const bytes = readFileSync(f.file);
      // Called by code (#17): resolves with what is there, asks nothing and imports nothing.
      const offers = async (): Promise<number> => (await queryPage('.notification-toast')).filter((t) => t.visible && t.text.includes('images.db is on this machine')).length;
      const byCode = await vscode.commands.executeCommand<{ file: string; alreadyImported: boolean; somethingNew?: boolean; imported?: unknown }>(ImageCommandIds.findWslManager, {});
      assert.deepEqual(byCode, { file: f.file, alreadyImported: false, somethingNew: true });
      assert.equal(await offers(), 0, 'called by code, no offer was shown');
      const offer = vscode.commands.executeCommand<{ file: string; alreadyImported: boolean; imported?: WslReport }>(ImageCommandIds.findWslManager);
      // The offer comes after a dry run of the file; under load that takes a while. Toasts hidden behind
      // earlier ones are in the notification center, which is opened if the toast does not show.
      const toast = '.notification-toast:has-text("images.db is on this machine")';
      try {
        await waitForSelector(toast, undefined, 30_000);
      } catch {
        await vscode.commands.executeCommand('notifications.showList');
        await waitForSelector('.notifications-center .monaco-list-row:has-text("images.db is on this machine")', undefined, 10_000);
      }
      await screenshot('imports-offer-found');
      await pageRequest({ op: 'click', selector: `${toast} .monaco-button:has-text("Import"), .notifications-center .monaco-list-row:has-text("images.db is on this machine") .monaco-button:has-text("Import")` });
      const found = await offer;
      assert.equal(found.file, f.file);
      assert.equal(found.alreadyImported, false);
      assert.equal(found.imported?.alreadyImported, false);
      wsl = found.imported;
      assert.ok(wsl?.localImages.added.length, 'local images came over');
      assert.ok(readFileSync(f.file).equals(bytes), 'images.db is byte-identical');
      // Looked for again: it was imported, and the answer says so without asking.
      const again = await vscode.commands.executeCommand<{ alreadyImported: boolean }>(ImageCommandIds.findWslManager);
      assert.equal(again.alreadyImported, true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(ImageCommandIds.findWslManager, { quiet: 'yes' })), /"quiet" must be/);
  });
});
