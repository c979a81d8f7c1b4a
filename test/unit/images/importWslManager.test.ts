import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { importWslManager, WSL_MANAGER } from '../../../src/images/importWslManager';
import { importPatchName } from '../../../src/store/importRecord';
import { openTempCatalog, type TempCatalog } from '../../../src/store/openTempCatalog';
import { runCli } from './cliRunner';
import { SCHEMA_VERSIONS, copyWslManagerFixture, type WslFixture } from './wslManagerDb';

type Rows = Array<Record<string, unknown>>;
const SOURCE_COLS = 'Id, Name, Tags, Url, Type, Configured, Username, Uid, Distribution, Release, LocalFilename, DigestSource, DigestAlgorithm, DigestUrl, Digest, GroupTag, Size, CreationDate, UpdateDate, Arch, Fingerprint';
const LOCAL_COLS = 'Id, ImageSourceId, Name, Tags, Url, State, Type, Configured, Username, Uid, Distribution, Release, LocalFilename, DigestSource, DigestAlgorithm, DigestUrl, Digest, Size, CreationDate, UpdateDate, Arch';

async function tables(t: TempCatalog): Promise<{ sources: Rows; locals: Rows; caches: Rows; patches: string[] }> {
  return t.catalog.read(async (em) => ({
    sources: (await em.query(`SELECT ${SOURCE_COLS} FROM ImageSource ORDER BY Id`)) as Rows,
    locals: (await em.query(`SELECT ${LOCAL_COLS} FROM LocalImage ORDER BY Id`)) as Rows,
    caches: (await em.query('SELECT * FROM ImageSourceCache ORDER BY Type')) as Rows,
    patches: ((await em.query(`SELECT name FROM patches WHERE name LIKE 'import.%'`)) as Array<{ name: string }>).map((r) => r.name),
  }));
}

/** What each fixture row must look like in the catalog after the import. */
function expected(f: WslFixture, version: number): { sources: Rows; locals: Rows; caches: Rows } {
  const sources = f.sources.filter((s) => s.Type !== 'Floppy').map((s) => ({
    Id: s.Id, Name: s.Name, Tags: s.Tags ?? s.Release, Url: s.Url, Type: s.Type, Configured: s.Configured, Username: s.Username, Uid: s.Uid,
    Distribution: s.Distribution, Release: s.Release, LocalFilename: s.LocalFilename, DigestSource: s.DigestSource, DigestAlgorithm: s.DigestAlgorithm,
    DigestUrl: s.DigestUrl, Digest: s.Digest, GroupTag: version >= 3 ? s.GroupTag : null, Size: version >= 5 ? s.Size : null,
    CreationDate: s.CreationDate, UpdateDate: s.UpdateDate, Arch: null, Fingerprint: null,
  }));
  const locals = f.locals.map((l) => {
    const file = f.files[l.Id];
    const verified = file && l.Id !== 'b0000000-0000-4000-8000-000000000004';
    const algorithm = l.DigestAlgorithm;
    return {
      Id: l.Id, ImageSourceId: l.ImageSourceId, Name: l.Name, Tags: l.Tags, Url: l.Url,
      State: verified ? l.State : 'NotDownloaded', Type: l.Type, Configured: l.Configured, Username: l.Username, Uid: l.Uid,
      Distribution: l.Distribution, Release: l.Release,
      LocalFilename: verified ? `${algorithm.toLowerCase()}_${file.digest}.rootfs.tar.gz` : l.LocalFilename,
      DigestSource: l.DigestSource, DigestAlgorithm: algorithm, DigestUrl: l.DigestUrl, Digest: l.Digest,
      Size: verified ? file.bytes.length : version >= 5 ? l.Size : null, CreationDate: l.CreationDate, UpdateDate: l.UpdateDate, Arch: null,
    };
  });
  return { sources, locals, caches: f.caches.map((c) => ({ ...c })) };
}

describe('images: importing a Wsl-Manager images.db', () => {
  let t: TempCatalog;
  let dir: string;
  let images: string;
  beforeEach(async () => {
    t = await openTempCatalog();
    dir = mkdtempSync(join(tmpdir(), 'cc-wsl-'));
    images = join(t.dir, 'images');
  });
  afterEach(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const version of SCHEMA_VERSIONS) {
    it(`schema version ${version}: dry run, then every row compared, files verified by digest, then a no-op`, async () => {
      const f = copyWslManagerFixture(dir, version);
      const bytes = readFileSync(f.file);
      const before = await tables(t);
      const dry = await importWslManager(t.catalog, images, f.file, { dryRun: true });
      assert.equal(dry.userVersion, version);
      assert.deepEqual(dry.sources.added.map((s) => s.name), ['alpine', 'ubuntu', 'arch', 'debian']);
      assert.deepEqual(dry.sources.skipped.map((s) => [s.name, s.note]), [['weird', 'its Type "Floppy" is not one of Builtin, Incus, Docker, Uri, Local']]);
      assert.equal(dry.localImages.added.length, 5);
      assert.deepEqual(dry.files.map((x) => x.fileName.split('_')[0]), ['sha256', 'sha384']);
      assert.deepEqual(await tables(t), before, 'a dry run changes nothing');
      assert.deepEqual(readdirSync(t.dir).filter((n) => n === 'images'), [], 'nor copies a file');

      const r = await importWslManager(t.catalog, images, f.file);
      assert.equal(r.alreadyImported, false);
      const notes = r.localImages.added.filter((l) => l.note).map((l) => l.note!);
      assert.equal(notes.length, 2);
      assert.match(notes[0], /^Synced in Wsl-Manager, NotDownloaded here: its file was not found next to the database$/);
      assert.match(notes[1], /^Synced in Wsl-Manager, NotDownloaded here: .*\.rootfs\.tar\.gz does not match its digest/);
      const after = await tables(t);
      const want = expected(f, version);
      assert.deepEqual(after.sources, want.sources);
      assert.deepEqual(after.locals, want.locals);
      assert.deepEqual(after.caches, [], 'Wsl-Manager\'s Builtin and Incus cache rows are reported, not copied');
      assert.deepEqual(r.caches.skipped.map((c) => c.id), want.caches.map((c) => c.Type));
      assert.match(r.caches.skipped[1].note!, /simplestreams server list/);
      assert.deepEqual(after.patches, [importPatchName(WSL_MANAGER, r.sha256)]);
      for (const id of ['b0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002']) {
        const row = want.locals.find((l) => l.Id === id)!;
        assert.ok(readFileSync(join(images, String(row.LocalFilename))).equals(f.files[id].bytes), `${id}'s file copied as it was`);
      }
      assert.equal(readdirSync(images).length, 2, 'the mismatching file is not copied');
      assert.ok(readFileSync(f.file).equals(bytes), 'images.db is byte-identical');

      const saves = t.catalog.saveCount;
      const again = await importWslManager(t.catalog, images, f.file);
      assert.equal(again.alreadyImported, true);
      assert.deepEqual(await tables(t), after);
      assert.equal(t.catalog.saveCount, saves, 'a second import writes nothing');
    });
  }

  it('rows the catalog already has stay as they are, and local images point at the catalog\'s source', async () => {
    const f = copyWslManagerFixture(dir, 7);
    await t.catalog.write(async (em) => {
      await em.query(`INSERT INTO ImageSource (Id, Name, Tags, Url, Type, Configured, Distribution, Release) VALUES ('ours-ubuntu', 'Ubuntu (ours)', '24.04', 'https://ours.invalid', 'Incus', 'FALSE', 'ubuntu', '24.04')`);
      await em.query(`INSERT INTO ImageSourceCache (Type, Url, LastUpdate, Etag) VALUES ('Builtin', 'https://ours.invalid/b.json', 1, 'ours')`);
    });
    const r = await importWslManager(t.catalog, images, f.file);
    assert.deepEqual(r.sources.existing.map((s) => s.name), ['ubuntu']);
    assert.deepEqual([r.caches.added, r.caches.existing, r.caches.skipped.map((c) => c.id)], [[], [], ['Builtin', 'Incus']]);
    const after = await tables(t);
    assert.equal(after.sources.find((s) => s.Id === 'ours-ubuntu')!.Name, 'Ubuntu (ours)');
    assert.ok(!after.sources.some((s) => s.Id === 'a0000000-0000-4000-8000-000000000002'));
    assert.equal(after.locals.find((l) => l.Id === 'b0000000-0000-4000-8000-000000000003')!.ImageSourceId, 'ours-ubuntu');
    assert.equal(after.caches.find((c) => c.Type === 'Builtin')!.Etag, 'ours');
  });

  it('a corrupted, foreign or unknown-version file is refused with a clear message and nothing changes', async () => {
    const f = copyWslManagerFixture(dir, 6);
    const bytes = readFileSync(f.file);
    const before = await tables(t);
    const cut = join(dir, 'cut.db');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 512));
    await assert.rejects(importWslManager(t.catalog, images, cut), /cut\.db cannot be imported: it is not an SQLite database \(.*cut short.*\)\. Nothing was changed\./);
    const SQL = await initSqlJs();
    const future = new SQL.Database(new Uint8Array(bytes));
    future.run('PRAGMA user_version = 8');
    const v8 = join(dir, 'v8.db');
    writeFileSync(v8, future.export());
    future.close();
    await assert.rejects(importWslManager(t.catalog, images, v8), /v8\.db cannot be imported: its schema version \(user_version 8\) is not one of Wsl-Manager's \(1 to 7\)/);
    const kit = new SQL.Database();
    kit.run('CREATE TABLE registry (id text PRIMARY KEY, name text, url text, logged_in integer)');
    const local = join(dir, 'local.db');
    writeFileSync(local, kit.export());
    kit.close();
    await assert.rejects(importWslManager(t.catalog, images, local), /local\.db cannot be imported: it is not Wsl-Manager's images\.db \(tables: registry; missing ImageSource, LocalImage, ImageSourceCache\)/);
    await assert.rejects(importWslManager(t.catalog, images, t.catalog.file), /it is a Container Catalog catalog, not Wsl-Manager's images\.db/);
    assert.deepEqual(await tables(t), before);
    assert.deepEqual(readdirSync(t.dir).filter((n) => n === 'images'), []);
  });

  it('the CLI: import wsl-manager <file> --dry-run, the import, then a no-op', async () => {
    const f = copyWslManagerFixture(dir, 5);
    const cat = ['--catalog', t.catalog.file];
    await t.catalog.close();
    const dry = await runCli([...cat, 'import', 'wsl-manager', f.file, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^dry run: .*images\.db \(Wsl-Manager schema 5\): would add 4 image sources, 5 local images \(2 files verified by digest\), 0 cache rows/);
    assert.match(dry.stdout, /! cache Incus .*: the catalog keeps its simplestreams server list in this row/);
    assert.match(dry.stdout, /! weird: its Type "Floppy"/);
    const done = await runCli([...cat, '--json', 'import', 'wsl-manager', f.file]);
    assert.equal(done.code, 0, done.stderr);
    assert.equal((JSON.parse(done.stdout) as { localImages: { added: unknown[] } }).localImages.added.length, 5);
    assert.equal(readdirSync(join(t.dir, 'images')).length, 2, 'files copied into the images folder next to the catalog');
    const again = await runCli([...cat, 'import', 'wsl-manager', f.file]);
    assert.match(again.stdout, /was imported before \(same content\); nothing to do/);
  });
});
