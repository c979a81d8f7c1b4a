import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { SCHEMA_VERSIONS, wslManagerFixtureDir, writeWslManagerFixture } from '../../fixtures/generateWslManagerFixtures';
import { LEGACY_FIXTURE_DIR, writeWslManagerLegacyFixture } from '../../fixtures/generateWslManagerLegacyFixture';

type Table = Array<Record<string, unknown>>;

/**
 * What an SQLite file holds, row by row: user_version, every schema object's SQL, and each table's rows
 * in rowid order; compared first, so a drift is reported as the rows that differ.
 */
async function content(file: string): Promise<{ userVersion: unknown; schema: Table; rows: Record<string, Table> }> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    const all = (sql: string): Table => {
      const [r] = db.exec(sql);
      return r ? r.values.map((v) => Object.fromEntries(r.columns.map((c, i) => [c, v[i]]))) : [];
    };
    const schema = all('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name');
    const tables = schema.filter((o) => o.type === 'table').map((o) => String(o.name));
    return {
      userVersion: all('PRAGMA user_version')[0].user_version,
      schema,
      rows: Object.fromEntries(tables.map((t) => [t, all(`SELECT * FROM [${t}] ORDER BY rowid`)])),
    };
  } finally {
    db.close();
  }
}

/**
 * The rebuilt folder has the checked-in folder's files, byte for byte (sql.js writes the same bytes for the
 * same statements). A database that differs is compared row by row first, so the failure names the rows;
 * same rows in other bytes means another SQLite build wrote it, and the fixtures want regenerating too.
 */
async function assertSameFolder(built: string, checkedIn: string): Promise<void> {
  const names = readdirSync(checkedIn).sort();
  assert.deepEqual(readdirSync(built).sort(), names, `${checkedIn}: the same files`);
  for (const name of names) {
    const same = readFileSync(join(built, name)).equals(readFileSync(join(checkedIn, name)));
    if (!same && name.endsWith('.db')) {
      assert.deepEqual(await content(join(built, name)), await content(join(checkedIn, name)), `${checkedIn}/${name}: the same schema and rows`);
    }
    assert.ok(same, `${checkedIn}/${name}: the same bytes`);
  }
}

// The Wsl-Manager fixtures are checked in (test/fixtures/wsl-manager-v*), made by the generator scripts
// beside them. Rebuilding them here and comparing keeps the scripts and the files from drifting apart:
// change a script and this fails until its output is regenerated and committed.
describe('images: the checked-in Wsl-Manager fixtures are what their scripts build', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-wsl-fixtures-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const version of SCHEMA_VERSIONS) {
    it(`wsl-manager-v${version}: images.db (user_version ${version}) and its tarballs`, async () => {
      const built = join(dir, `v${version}`);
      await writeWslManagerFixture(built, version);
      await assertSameFolder(built, wslManagerFixtureDir(version));
      assert.equal((await content(join(built, 'images.db'))).userVersion, version);
    });
  }

  it('wsl-manager-v2 (tarballs + JSON from before schema v3)', async () => {
    const built = join(dir, 'v2');
    await writeWslManagerLegacyFixture(built);
    await assertSameFolder(built, LEGACY_FIXTURE_DIR);
  });

  it('a changed row is seen: the comparison is not blind', async () => {
    const built = join(dir, 'v7');
    await writeWslManagerFixture(built, 7);
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(join(built, 'images.db')));
    db.run("UPDATE LocalImage SET State = 'Outdated' WHERE State = 'Synced' AND rowid = 1");
    writeFileSync(join(built, 'images.db'), db.export());
    db.close();
    await assert.rejects(assertSameFolder(built, wslManagerFixtureDir(7)), /wsl-manager-v7\/images\.db: the same schema and rows/);
  });
});
