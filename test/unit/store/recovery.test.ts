import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { v7 } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import { CatalogLockTimeoutError, CatalogTooNewError } from '../../../src/store/catalogErrors';
import { catalogMigrations, LATEST_SCHEMA_VERSION } from '../../../src/store/catalogMigrations';
import { openCatalog } from '../../../src/store/openCatalog';
import { fixtureData } from '../../fixtures/catalogFixtureData';
import { fixturePath } from '../../fixtures/generateCatalogFixtures';

class FailingMigration1795449999999 implements MigrationInterface {
  readonly name = 'FailingMigration1795449999999';
  static readonly schemaVersion = LATEST_SCHEMA_VERSION + 1;
  async up(qr: QueryRunner): Promise<void> {
    await qr.query(`CREATE TABLE "half_done" ("id" INTEGER PRIMARY KEY)`);
    await qr.query(`UPDATE "registry" SET "name" = 'changed by a failing migration'`);
    await qr.query(`INSERT INTO "no_such_table" VALUES (1)`);
  }
  async down(): Promise<void> {}
}

describe('catalog recovery: upgrades, backups, newer and corrupt files, locks', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-rec-'));
    file = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const m of catalogMigrations) {
    const version = m.schemaVersion;
    it(`upgrades a file made by the migration set ending at version ${version}, backing it up first`, async () => {
      const fixture = fixturePath(version);
      assert.ok(existsSync(fixture), `missing fixture ${fixture}: run the fixture generator`);
      copyFileSync(fixture, file);
      const original = readFileSync(file);
      const c = await openCatalog({ file, watch: false });
      try {
        assert.equal(c.schemaVersion, LATEST_SCHEMA_VERSION);
        assert.equal(c.migrationError, undefined);
        if (version < LATEST_SCHEMA_VERSION) {
          assert.ok(readFileSync(`${file}.old`).equals(original), 'catalog.db.old holds the pre-upgrade bytes');
        } else {
          assert.ok(!existsSync(`${file}.old`), 'no backup when nothing is pending');
        }
        const problems = await c.read(async (em) => {
          const out: string[] = [];
          for (const d of fixtureData) if (d.version <= version) out.push(...(await d.check(em)));
          return out;
        });
        assert.deepEqual(problems, []);
        const versions = await c.read((em) => em.query(`SELECT "version" FROM "schema" ORDER BY "version"`));
        assert.deepEqual(versions.map((v: { version: number }) => v.version), catalogMigrations.map((x) => x.schemaVersion));
        // Writable at the new version.
        await c.write((em) => em.insert(Registry, { id: v7(), name: 'after', url: 'after.example' }));
      } finally {
        await c.close();
      }
    });
  }

  it('restores the file when a migration fails and stays usable at the old version', async () => {
    await (await openCatalog({ file, watch: false })).close();
    const before = readFileSync(file);
    const log: string[] = [];
    const logger = { trace() {}, debug() {}, info() {}, warn: (m: string) => log.push(m), error: (m: string | Error) => log.push(String(m)) };
    const c = await openCatalog({ file, watch: false, log: logger, migrations: [...catalogMigrations, FailingMigration1795449999999] });
    try {
      assert.ok(c.migrationError);
      assert.equal(c.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.match(c.notices.join('\n'), new RegExp(`from schema version ${LATEST_SCHEMA_VERSION} to ${LATEST_SCHEMA_VERSION + 1} failed: .*no such table: no_such_table.*left as it was \\(a verified copy is in .*catalog\\.db\\.old\\)`));
      assert.ok(log.some((l) => l.includes('no_such_table')), 'the failure is logged');
      assert.ok(readFileSync(`${file}.old`).equals(before));
      assert.ok(readFileSync(file).equals(before), 'file unchanged');
      const state = await c.read(async (em) => ({
        names: ((await em.query(`SELECT DISTINCT "name" FROM "registry"`)) as Array<{ name: string }>).map((r) => r.name).sort(),
        halfDone: ((await em.query(`SELECT name FROM sqlite_master WHERE name = 'half_done'`)) as unknown[]).length,
      }));
      assert.deepEqual(state, { names: ['Docker Hub', 'GitHub Container Registry', 'Quay'], halfDone: 0 });
      await c.write((em) => em.insert(Registry, { id: v7(), name: 'still usable', url: 'usable.example' }));
    } finally {
      await c.close();
    }
    const again = await openCatalog({ file, watch: false });
    assert.equal(await again.read((em) => em.countBy(Registry, { url: 'usable.example' })), 1);
    await again.close();
  });

  it('migrates an SQLite file without tables, backing up the bytes read from disk (sql.js gets a copy)', async () => {
    // sql.js writes into a Buffer it is given: TypeORM's `migrations` table used to land in the bytes kept for the backup.
    const SQL = await initSqlJs();
    const empty = new SQL.Database();
    empty.run('PRAGMA user_version = 0; CREATE TABLE t (x); DROP TABLE t;');
    const original = Buffer.from(empty.export());
    empty.close();
    writeFileSync(file, original);
    const c = await openCatalog({ file, watch: false });
    try {
      assert.equal(c.schemaVersion, LATEST_SCHEMA_VERSION);
    } finally {
      await c.close();
    }
    assert.ok(readFileSync(`${file}.old`).equals(original), 'catalog.db.old holds the bytes that were on disk');
  });

  it('does not migrate when the backup cannot be written, and leaves the file untouched', async () => {
    copyFileSync(fixturePath(catalogMigrations[0].schemaVersion), file);
    const original = readFileSync(file);
    mkdirSync(`${file}.old`); // a folder where the backup must go
    await assert.rejects(openCatalog({ file, watch: false }), new RegExp(
      `catalog .*catalog\\.db was not upgraded from schema version 1 to ${LATEST_SCHEMA_VERSION}: backing it up to .*catalog\\.db\\.old first failed .*left untouched`));
    assert.ok(readFileSync(file).equals(original));
    assert.deepEqual(readdirSync(dir).sort(), ['catalog.db', 'catalog.db.old']);
  });

  it('refuses a file from a newer build, names both versions, and leaves its bytes unchanged', async () => {
    await (await openCatalog({ file, watch: false })).close();
    const newer = Buffer.from(readFileSync(file));
    newer.writeUInt32BE(LATEST_SCHEMA_VERSION + 3, 60); // PRAGMA user_version
    writeFileSync(file, newer);
    await assert.rejects(openCatalog({ file, watch: false }), (e: unknown) => {
      assert.ok(e instanceof CatalogTooNewError);
      assert.match(e.message, new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 3}.*up to ${LATEST_SCHEMA_VERSION}`));
      return true;
    });
    assert.ok(readFileSync(file).equals(newer));
    assert.deepEqual(readdirSync(dir).sort(), ['catalog.db', 'catalog.db.checked'], 'no backup, lock or temp file left (the mark is from the open that made the file)');
  });

  for (const [what, bytes] of [
    ['a text file', Buffer.from('this is not a database\n'.repeat(20))],
    ['a truncated SQLite file', null],
  ] as const) {
    it(`moves ${what} aside and starts a fresh catalog`, async () => {
      let content: Buffer;
      if (bytes) content = bytes;
      else {
        await (await openCatalog({ file, watch: false })).close();
        const full = readFileSync(file);
        content = Buffer.from(full.subarray(0, Math.floor(full.length / 3)));
      }
      writeFileSync(file, content);
      const logged: string[] = [];
      const log = { trace() {}, debug() {}, info() {}, warn: (m: string) => logged.push(m), error: (m: string | Error) => logged.push(String(m)) };
      const c = await openCatalog({ file, watch: false, log });
      try {
        const aside = readdirSync(dir).filter((f) => f.startsWith('catalog.db.corrupt-'));
        assert.equal(aside.length, 1);
        assert.ok(readFileSync(join(dir, aside[0])).equals(content), 'the old bytes are kept');
        assert.match(c.notices.join('\n'), new RegExp(`moved to .*${aside[0].replace(/[.]/g, '\\.')}`));
        assert.ok(logged.some((l) => l.includes(aside[0])), 'the move is logged');
        assert.equal(c.schemaVersion, LATEST_SCHEMA_VERSION);
        assert.equal(await c.read((em) => em.count(Registry)), 3);
      } finally {
        await c.close();
      }
    });
  }

  it('breaks a stale lock left by a dead process', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: Number(dead.stdout), host: (await import('node:os')).hostname(), at: new Date().toISOString() }));
    const c = await openCatalog({ file, watch: false, lockTimeoutMs: 2000 });
    await c.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'stale.example' }));
    await c.close();
    assert.ok(!existsSync(`${file}.lock`));
  });

  it('waits for a live holder and times out with a clear error', async () => {
    const c = await openCatalog({ file, watch: false, lockTimeoutMs: 300 });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(`${file}.lock`, JSON.stringify({ pid: holder.pid, host: (await import('node:os')).hostname(), at: new Date().toISOString() }));
      await assert.rejects(
        c.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'held.example' })),
        (e: unknown) => e instanceof CatalogLockTimeoutError && e.message.includes(`process ${holder.pid}`),
      );
      rmSync(`${file}.lock`);
      await c.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'held.example' }));
    } finally {
      holder.kill('SIGKILL');
      await c.close();
    }
  });

  it('reloads before writing when another store changed the file, so no write is lost', async () => {
    const a = await openCatalog({ file, watch: false });
    const b = await openCatalog({ file, watch: false });
    try {
      await a.write((em) => em.insert(Registry, { id: v7(), name: 'a', url: 'a.example' }));
      await b.write((em) => em.insert(Registry, { id: v7(), name: 'b', url: 'b.example' }));
      await a.write((em) => em.insert(Registry, { id: v7(), name: 'a2', url: 'a2.example' }));
      assert.equal(await b.read((em) => em.count(Registry)), 6);
    } finally {
      await a.close();
      await b.close();
    }
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(file));
    assert.equal(db.exec('SELECT count(*) FROM registry')[0].values[0][0], 6);
    db.close();
  });

  it('notices a change saved by another store through the file watch and fires onDidChange({ external: true })', async () => {
    const a = await openCatalog({ file, watch: false });
    const b = await openCatalog({ file }); // watching
    try {
      const seen = new Promise<boolean>((done) => b.onDidChange((e) => { if (e.external) done(true); }));
      await a.write((em) => em.insert(Registry, { id: v7(), name: 'w', url: 'watched.example' }));
      assert.equal(await seen, true);
      assert.equal(await b.read((em) => em.countBy(Registry, { url: 'watched.example' })), 1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
