import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { v7 } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import { catalogMigrations, LATEST_SCHEMA_VERSION } from '../../../src/store/catalogMigrations';
import { openCatalog } from '../../../src/store/openCatalog';
import { checkPreUpgradeCopy, revertCatalog } from '../../../src/store/revertCatalog';
import { fixturePath } from '../../fixtures/generateCatalogFixtures';
import { runCli } from '../images/cliRunner';

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const V1 = catalogMigrations[0].schemaVersion;

describe('catalog revert: back to catalog.db.old after an upgrade', function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-revert-'));
    file = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A real upgrade from the oldest fixture, plus a change made after it; returns the fixture's bytes. */
  async function upgradeAndChange(): Promise<Buffer> {
    copyFileSync(fixturePath(V1), file);
    const before = readFileSync(file);
    const c = await openCatalog({ file, watch: false, log: quiet });
    assert.equal(c.schemaVersion, LATEST_SCHEMA_VERSION);
    await c.write((em) => em.insert(Registry, { id: v7(), name: 'added after the upgrade', url: 'after.example' }));
    await c.close();
    assert.ok(readFileSync(`${file}.old`).equals(before), 'the upgrade kept the file as it was in catalog.db.old');
    return before;
  }

  it('brings back the rows from before a real migration; the current file is set aside with a timestamp', async () => {
    const before = await upgradeAndChange();
    const upgraded = readFileSync(file);
    assert.deepEqual(await checkPreUpgradeCopy(file), { from: `${file}.old`, schemaVersion: V1 });
    const r = await revertCatalog(file, { log: quiet });
    assert.equal(r.from, `${file}.old`);
    assert.equal(r.schemaVersion, V1);
    assert.match(r.setAside, /catalog\.db\.reverted-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    assert.ok(readFileSync(file).equals(before), 'catalog.db is the pre-upgrade copy, byte for byte');
    assert.ok(readFileSync(r.setAside).equals(upgraded), 'the upgraded file is kept');
    assert.ok(readFileSync(`${file}.old`).equals(before), 'the copy stays');
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(file));
    assert.equal(db.exec('PRAGMA user_version')[0].values[0][0], V1);
    assert.deepEqual(db.exec(`SELECT count(*) FROM registry WHERE url = 'after.example'`)[0].values[0][0], 0);
    db.close();
    // Opened again by this build, it is upgraded again from the rows it had before.
    const again = await openCatalog({ file, watch: false, log: quiet });
    assert.equal(again.schemaVersion, LATEST_SCHEMA_VERSION);
    assert.equal(await again.read((em) => em.countBy(Registry, { url: 'after.example' })), 0);
    await again.close();
  });

  it('a catalog too new for this build names catalog.db.old and the revert command; the revert opens it', async () => {
    const before = await upgradeAndChange();
    const newer = Buffer.from(readFileSync(file));
    newer.writeUInt32BE(LATEST_SCHEMA_VERSION + 2, 60); // what a newer build's upgrade leaves
    writeFileSync(file, newer);
    await assert.rejects(openCatalog({ file, watch: false, log: quiet }), new RegExp(
      `schema version ${LATEST_SCHEMA_VERSION + 2}.*Or go back to the copy kept before its last upgrade, .*catalog\\.db\\.old, ` +
      `with "Revert Catalog to Before the Last Upgrade" \\(CLI: container-catalog revert\\)`));
    const cli = await runCli(['--catalog', file, 'revert']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /^reverted to .*catalog\.db\.old \(schema version 1\); the catalog as it was is in .*catalog\.db\.reverted-/);
    assert.ok(readFileSync(file).equals(before));
    const c = await openCatalog({ file, watch: false, log: quiet });
    assert.equal(c.schemaVersion, LATEST_SCHEMA_VERSION);
    await c.close();
  });

  it('reads an earlier build\'s catalog.db.bak when there is no catalog.db.old', async () => {
    const before = await upgradeAndChange();
    renameSync(`${file}.old`, `${file}.bak`);
    const r = await revertCatalog(file, { log: quiet });
    assert.equal(r.from, `${file}.bak`);
    assert.ok(readFileSync(file).equals(before));
  });

  it('refuses a missing, damaged, foreign, inconsistent or newer copy, and changes nothing', async () => {
    await assert.rejects(revertCatalog(file, { log: quiet }), /catalog\.db was not reverted: there is no copy from before an upgrade \(.*catalog\.db\.old\)\. Nothing was changed\./);
    await upgradeAndChange();
    const good = readFileSync(`${file}.old`);
    const current = readFileSync(file);
    const SQL = await initSqlJs();
    const variant = (sql: string): Buffer => {
      const db = new SQL.Database(new Uint8Array(good));
      db.run(sql);
      const out = Buffer.from(db.export());
      db.close();
      return out;
    };
    const other = new SQL.Database();
    other.run('CREATE TABLE notes (x)');
    const cases: Array<[string, Buffer, RegExp]> = [
      ['cut short', good.subarray(0, good.length - 1024), /catalog\.db\.old is not a readable SQLite database \(.*cut short/],
      ['not a catalog', Buffer.from(other.export()), /catalog\.db\.old is not a Container Catalog catalog \(tables: notes\)/],
      ['versions disagree', variant('PRAGMA user_version = 2'), /does not open at its own version \(user_version 2, but its schema table records 1\)/],
      ['newer', variant(`INSERT INTO schema (version, updated_at) VALUES (${LATEST_SCHEMA_VERSION + 1}, '2030-01-01'); PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 1}`),
        new RegExp(`has schema version ${LATEST_SCHEMA_VERSION + 1}, newer than this build knows`)],
    ];
    other.close();
    for (const [what, bytes, message] of cases) {
      writeFileSync(`${file}.old`, bytes);
      await assert.rejects(revertCatalog(file, { log: quiet }), message, what);
      assert.ok(readFileSync(file).equals(current), `${what}: catalog.db unchanged`);
      assert.deepEqual(readdirSync(dir).sort(), ['catalog.db', 'catalog.db.checked', 'catalog.db.old'], `${what}: nothing set aside, no lock left`);
    }
  });

  it('another window that has the catalog open refuses writes after the revert until it is reloaded', async () => {
    await upgradeAndChange();
    const other = await openCatalog({ file, log: quiet });
    try {
      const reloaded = new Promise<void>((res) => other.onDidChange((e) => e.external && res()));
      await revertCatalog(file, { log: quiet });
      await reloaded;
      const reverted = readFileSync(file);
      await assert.rejects(other.write((em) => em.insert(Registry, { id: v7(), name: 'lost?', url: 'lost.example' })),
        /catalog\.db was reverted to schema version 1 by another window or the CLI .*Reload this window/);
      assert.ok(readFileSync(file).equals(reverted), 'nothing written over the reverted file');
    } finally {
      await other.close();
    }
  });
});
