import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { validate as isUuid } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import { CONTAINER_KIT, importContainerKit } from '../../../src/registries/importContainerKit';
import { LOGIN_NEEDED } from '../../../src/registries/loginNeeded';
import { importPatchName } from '../../../src/store/importRecord';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { runCli } from '../images/cliRunner';

// Container Kit's local.db as Drizzle Kit creates it from seed 000's schema (registry, seeds), plus
// Drizzle's own migrations table; built from that DDL at run time, so no binary fixture is checked in.
const KIT_DDL = `
CREATE TABLE \`registry\` (\`id\` text PRIMARY KEY NOT NULL, \`name\` text NOT NULL, \`url\` text NOT NULL, \`logged_in\` integer DEFAULT false);
CREATE UNIQUE INDEX \`registry_url_unique\` ON \`registry\` (\`url\`);
CREATE TABLE \`seeds\` (\`id\` text PRIMARY KEY NOT NULL, \`name\` text NOT NULL, \`applied\` integer DEFAULT false);
CREATE UNIQUE INDEX \`seeds_name_unique\` ON \`seeds\` (\`name\`);
CREATE TABLE "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric);`;

const KIT_ROWS: Array<[string, string, string, number | null]> = [
  ['0193a1b2-0000-7000-8000-000000000001', 'Docker Hub', 'docker.io', 1],
  ['0193a1b2-0000-7000-8000-000000000002', 'GitHub', 'https://ghcr.io/', 0],
  ['0193a1b2-0000-7000-8000-000000000003', 'GitLab', 'https://registry.gitlab.com/', 1],
  ['0193a1b2-0000-7000-8000-000000000004', 'Local dev', 'localhost:5000', null],
  ['0193a1b2-0000-7000-8000-000000000005', 'GitLab again', 'Registry.GitLab.com', 0],
  ['0193a1b2-0000-7000-8000-000000000006', 'Broken', 'ftp://files.example.org', 0],
  ['not-a-uuid', 'Internal', 'reg.example.org:8443', 0],
];

async function kitDb(file: string, rows = KIT_ROWS): Promise<Buffer> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(KIT_DDL);
  for (const r of rows) db.run('INSERT INTO registry (id, name, url, logged_in) VALUES (?, ?, ?, ?)', r);
  db.run(`INSERT INTO seeds (id, name, applied) VALUES ('0193a1b2-0000-7000-8000-0000000000ff', 'default_registries', 1)`);
  const bytes = Buffer.from(db.export());
  db.close();
  writeFileSync(file, bytes);
  return bytes;
}

type Row = Pick<Registry, 'id' | 'name' | 'url' | 'loggedIn' | 'username' | 'lastError'>;
const snapshot = (t: TempCatalog): Promise<Row[]> => t.catalog.read(async (em) =>
  (await em.find(Registry, { order: { url: 'ASC' } })).map(({ id, name, url, loggedIn, username, lastError }) => ({ id, name, url, loggedIn, username, lastError })));
const patches = (t: TempCatalog): Promise<string[]> => t.catalog.read(async (em) =>
  ((await em.query(`SELECT name FROM patches WHERE name LIKE 'import.%' ORDER BY id`)) as Array<{ name: string }>).map((r) => r.name));

describe('registries: importing a Container Kit local.db', () => {
  let t: TempCatalog;
  let dir: string;
  let file: string;
  beforeEach(async () => {
    t = await openTempCatalog();
    dir = mkdtempSync(join(tmpdir(), 'cc-kit-'));
    file = join(dir, 'local.db');
  });
  afterEach(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a dry run says what would change and changes nothing', async () => {
    const bytes = await kitDb(file);
    const before = await snapshot(t);
    const r = await importContainerKit(t.catalog, file, { dryRun: true });
    assert.equal(r.dryRun, true);
    assert.equal(r.alreadyImported, false);
    assert.deepEqual(r.added.map((a) => [a.name, a.url, a.loginNeeded]), [
      ['GitLab', 'registry.gitlab.com', true],
      ['Local dev', 'localhost:5000', false],
      ['Internal', 'reg.example.org:8443', false],
    ]);
    assert.deepEqual(r.existing.map((e) => [e.name, e.url]), [['Docker Hub', 'docker.io'], ['GitHub', 'ghcr.io']]);
    assert.deepEqual(r.skipped.map((s) => s.name), ['GitLab again', 'Broken']);
    assert.match(r.skipped[0].reason, /same registry as "GitLab"/);
    assert.match(r.skipped[1].reason, /scheme "ftp:\/\/" is not supported/);
    assert.deepEqual(await snapshot(t), before);
    assert.deepEqual(await patches(t), []);
    assert.ok(readFileSync(file).equals(bytes), 'local.db is byte-identical');
  });

  it('imports the registries with their ids in one transaction, logins as "login needed", recorded by content hash', async () => {
    const bytes = await kitDb(file);
    const before = await snapshot(t);
    const r = await importContainerKit(t.catalog, file);
    assert.equal(r.alreadyImported, false);
    const after = await snapshot(t);
    const added = after.filter((a) => !before.some((b) => b.id === a.id));
    const internal = added.find((a) => a.name === 'Internal')!;
    assert.ok(isUuid(internal.id) && internal.id !== 'not-a-uuid', 'a non-UUID id is replaced by a new one');
    assert.deepEqual(added.sort((a, b) => a.url.localeCompare(b.url)), [
      { id: '0193a1b2-0000-7000-8000-000000000004', name: 'Local dev', url: 'localhost:5000', loggedIn: false, username: null, lastError: null },
      { id: internal.id, name: 'Internal', url: 'reg.example.org:8443', loggedIn: false, username: null, lastError: null },
      { id: '0193a1b2-0000-7000-8000-000000000003', name: 'GitLab', url: 'registry.gitlab.com', loggedIn: false, username: null, lastError: LOGIN_NEEDED },
    ]);
    assert.deepEqual(after.filter((a) => before.some((b) => b.id === a.id)), before, 'the catalog\'s own registries are untouched');
    assert.deepEqual(await patches(t), [importPatchName(CONTAINER_KIT, r.sha256)]);
    assert.ok(readFileSync(file).equals(bytes), 'local.db is byte-identical');
  });

  it('a second import of the same content is a no-op, from any path', async () => {
    await kitDb(file);
    await importContainerKit(t.catalog, file);
    const once = await snapshot(t);
    const saves = t.catalog.saveCount;
    const again = await importContainerKit(t.catalog, file);
    assert.equal(again.alreadyImported, true);
    assert.deepEqual(again.added, []);
    const copy = join(dir, 'copy-of-local.db');
    copyFileSync(file, copy);
    assert.equal((await importContainerKit(t.catalog, copy, { dryRun: true })).alreadyImported, true);
    assert.equal((await importContainerKit(t.catalog, copy)).alreadyImported, true);
    assert.deepEqual(await snapshot(t), once);
    assert.equal((await patches(t)).length, 1);
    assert.ok(t.catalog.saveCount <= saves + 2, 'at most the (empty) write transactions were saved');
  });

  it('a corrupted, foreign or catalog file is refused with a clear message and nothing changes', async () => {
    const bytes = await kitDb(file);
    const before = await snapshot(t);
    const cut = join(dir, 'cut.db');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    await assert.rejects(importContainerKit(t.catalog, cut), /cut\.db cannot be imported: it is not an SQLite database \(.*cut short.*\)\. Nothing was changed\./);
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.concat([bytes.subarray(0, 100), Buffer.alloc(bytes.length - 100, 0x5a)]));
    await assert.rejects(importContainerKit(t.catalog, garbage), /garbage\.db cannot be imported: it is not a readable SQLite database/);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello');
    await assert.rejects(importContainerKit(t.catalog, text), /notes\.txt cannot be imported: it is not an SQLite database \(no SQLite header\)/);
    const SQL = await initSqlJs();
    const other = new SQL.Database();
    other.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const foreign = join(dir, 'notes.db');
    writeFileSync(foreign, other.export());
    other.close();
    await assert.rejects(importContainerKit(t.catalog, foreign), /notes\.db cannot be imported: it is not Container Kit's local\.db \(tables: notes; expected a "registry" table/);
    await assert.rejects(importContainerKit(t.catalog, t.catalog.file), /it is a Container Catalog catalog, not Container Kit's local\.db/);
    await assert.rejects(importContainerKit(t.catalog, join(dir, 'missing.db')), /missing\.db cannot be imported: there is no such file/);
    assert.deepEqual(await snapshot(t), before);
    assert.deepEqual(await patches(t), []);
  });

  it('the CLI: import container-kit <file> --dry-run, then the import, then a no-op', async () => {
    await kitDb(file);
    const cat = ['--catalog', t.catalog.file];
    await t.catalog.close();
    const dry = await runCli([...cat, 'import', 'container-kit', file, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^dry run: .*local\.db: would add 3 registries, 2 already in the catalog, 2 skipped/);
    assert.match(dry.stdout, /\+ GitLab \(registry\.gitlab\.com\) — login needed/);
    const done = await runCli([...cat, '--json', 'import', 'container-kit', file]);
    assert.equal(done.code, 0, done.stderr);
    const json = JSON.parse(done.stdout) as { added: Array<{ id: string }>; alreadyImported: boolean };
    assert.equal(json.alreadyImported, false);
    assert.equal(json.added.length, 3);
    const again = await runCli([...cat, 'import', 'container-kit', file]);
    assert.match(again.stdout, /was imported before \(same content\); nothing to do/);
    const list = await runCli([...cat, '--json', 'registries', 'list']);
    assert.ok((JSON.parse(list.stdout) as { registries: Array<{ id: string }> }).registries.some((r) => r.id === '0193a1b2-0000-7000-8000-000000000003'), list.stdout);
    const bad = await runCli([...cat, 'import', 'container-kit']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /expected 1 argument, got 0\nusage: import container-kit <file> \[--dry-run\]/);
  });
});
