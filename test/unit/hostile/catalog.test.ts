import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import initSqlJs from 'sql.js';
import { v7 } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import { catalogMigrations } from '../../../src/store/catalogMigrations';
import { openCatalog } from '../../../src/store/openCatalog';
import { fixturePath } from '../../fixtures/generateCatalogFixtures';
import { cliForNobody } from '../support/nobodyCli';

// The transpiled entry (out/src/cli/main.js): the same code esbuild bundles into dist/cli.js.
const CLI = resolve(__dirname, '../../../src/cli/main.js');

/** Runs the CLI; a process that spins or hangs is killed after `timeoutMs` (status null). */
function cli(args: string[], opts: { asNobody?: boolean; timeoutMs?: number } = {}) {
  const cmd = opts.asNobody ? 'setpriv' : process.execPath;
  const argv = opts.asNobody ? ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, cliForNobody(), ...args] : [CLI, ...args];
  const started = Date.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

/** A database shaped like Container Kit's local.db (seed 000: Drizzle's `registry` and `seeds`). */
async function containerKitDb(file: string): Promise<Buffer> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(`CREATE TABLE registry (id text PRIMARY KEY NOT NULL, name text NOT NULL, url text NOT NULL, logged_in integer DEFAULT false);
    CREATE UNIQUE INDEX registry_url_unique ON registry (url);
    CREATE TABLE seeds (id text PRIMARY KEY NOT NULL, name text NOT NULL, applied integer DEFAULT false);
    CREATE UNIQUE INDEX seeds_name_unique ON seeds (name);
    INSERT INTO registry VALUES ('0191f1de-0000-7000-8000-000000000001', 'Docker Hub', 'docker.io', 1);
    INSERT INTO seeds VALUES ('0191f1de-0000-7000-8000-000000000002', '001_default_registries', 1);`);
  const bytes = Buffer.from(db.export());
  db.close();
  writeFileSync(file, bytes);
  return bytes;
}

describe('hostile input: catalog', function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-hostile-'));
    file = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a Container Kit local.db is refused untouched', async () => {
    const local = join(dir, 'local.db');
    const bytes = await containerKitDb(local);
    const r = cli(['--catalog', local, 'registries', 'list']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /local\.db looks like another program's database \(tables: registry, seeds\).*left untouched/);
    assert.match(r.stderr, /Import Container Kit Database….*container-catalog import container-kit '.*local\.db' --dry-run/);
    assert.ok(readFileSync(local).equals(bytes), 'local.db is byte-identical');
    assert.deepEqual(readdirSync(dir), ['local.db'], 'no backup, lock or temp file');
  });

  it('a Wsl-Manager images.db is refused untouched, naming the import that reads it', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run(`CREATE TABLE ImageSource (Id TEXT, Name TEXT NOT NULL); CREATE TABLE LocalImage (Id TEXT PRIMARY KEY); PRAGMA user_version = 7`);
    const bytes = Buffer.from(db.export());
    db.close();
    const images = join(dir, 'images.db');
    writeFileSync(images, bytes);
    await assert.rejects(openCatalog({ file: images, watch: false }),
      /looks like another program's database \(tables: ImageSource, LocalImage\).*"Import Wsl-Manager Database…".*container-catalog import wsl-manager '.*images\.db' --dry-run/s);
    assert.ok(readFileSync(images).equals(bytes));
    assert.deepEqual(readdirSync(dir), ['images.db']);
  });

  it('a foreign SQLite database without a clashing table is refused untouched', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine')`);
    const bytes = Buffer.from(db.export());
    db.close();
    writeFileSync(file, bytes);
    await assert.rejects(openCatalog({ file, watch: false }), /looks like another program's database \(tables: notes\).*left untouched/);
    assert.ok(readFileSync(file).equals(bytes));
    assert.deepEqual(readdirSync(dir), ['catalog.db']);
  });

  it('an old catalog with a table no catalog has is not migrated', async () => {
    const v1 = catalogMigrations[0].schemaVersion;
    copyFileSync(fixturePath(v1), file);
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(file));
    db.run(`CREATE TABLE "someone_elses" ("x" INTEGER)`);
    const bytes = Buffer.from(db.export());
    db.close();
    writeFileSync(file, bytes);
    await assert.rejects(openCatalog({ file, watch: false }), /another program's database \(tables: someone_elses\)/);
    assert.ok(readFileSync(file).equals(bytes));
    assert.deepEqual(readdirSync(dir), ['catalog.db']);
  });

  it('a directory in place of the lock file fails at once instead of spinning', () => {
    mkdirSync(`${file}.lock`);
    const old = new Date(Date.now() - 3600_000);
    utimesSync(`${file}.lock`, old, old); // old enough to be judged stale
    const r = cli(['--catalog', file, 'registries', 'list'], { timeoutMs: 20_000 });
    assert.equal(r.code, 1, `exit ${r.code} after ${r.ms} ms (killed if null): ${r.stderr}`);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
    assert.match(r.stderr, new RegExp(`${file.replace(/[.]/g, '\\.')}\\.lock is not a lock file.*remove it`));
  });

  it("another user's stale lock in a sticky-bit folder fails at once, naming the lock", () => {
    // As nobody (root may remove anything): the lock is root's, the folder is /tmp-like (1777).
    chmodSync(dir, 0o1777);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), at: new Date().toISOString() }), { mode: 0o644 });
    const r = cli(['--catalog', file, 'registries', 'list'], { asNobody: true, timeoutMs: 20_000 });
    assert.equal(r.code, 1, `exit ${r.code} after ${r.ms} ms (killed if null): ${r.stderr}`);
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
    assert.match(r.stderr, new RegExp(`lock ${file.replace(/[.]/g, '\\.')}\\.lock is stale .*cannot remove it: permission denied`));
  });

  for (const [what, damage] of [
    ['truncated to 0 bytes', (f: string) => truncateSync(f, 0)],
    ['cut short mid-file', (f: string) => truncateSync(f, Math.floor(readFileSync(f).length / 8192) * 4096)],
  ] as const) {
    it(`a catalog ${what} by another program keeps its data in a long-lived store`, async () => {
      const logged: string[] = [];
      const log = { trace() {}, debug() {}, info() {}, warn: (m: string) => logged.push(m), error: (m: string | Error) => logged.push(String(m)) };
      const c = await openCatalog({ file, watch: false, log });
      try {
        await c.write((em) => em.insert(Registry, { id: v7(), name: 'kept', url: 'kept.example' }));
        damage(file);
        assert.equal(await c.read((em) => em.countBy(Registry, { url: 'kept.example' })), 1, 'the in-memory copy is kept');
        assert.ok(logged.some((l) => /damaged by another program/.test(l)), logged.join('\n'));
        await c.write((em) => em.insert(Registry, { id: v7(), name: 'after', url: 'after.example' }));
      } finally {
        await c.close();
      }
      const again = await openCatalog({ file, watch: false });
      try {
        assert.equal(await again.read((em) => em.count(Registry)), 5, 'the file on disk holds everything again');
      } finally {
        await again.close();
      }
    });
  }
});
