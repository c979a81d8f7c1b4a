import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { v7 } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import { openCatalog } from '../../../src/store/openCatalog';
import { cliForNobody } from '../support/nobodyCli';

const CLI = resolve(__dirname, '../../../src/cli/main.js');

function cli(args: string[], asNobody = false) {
  const cmd = asNobody ? 'setpriv' : process.execPath;
  const argv = asNobody ? ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, cliForNobody(), ...args] : [CLI, ...args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('catalog under hard conditions: read-only folders, full disks, bad paths', function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-cond-'));
    file = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a catalog in a folder the user cannot write (as nobody) and refuses changes clearly', () => {
    assert.equal(cli(['--catalog', file, 'migrate']).code, 0);
    // nobody's own catalog, in a folder nobody may enter and read but not write (no lock file).
    chownSync(file, 65534, 65534);
    chmodSync(dir, 0o755);
    const before = readFileSync(file);
    const list = cli(['--catalog', file, 'registries', 'list'], true);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /docker\.io/);
    const add = cli(['--catalog', file, 'registries', 'add', 'https://refused.example'], true);
    assert.equal(add.code, 1, add.stdout);
    assert.match(add.stderr, new RegExp(`catalog ${esc(file)} cannot be changed: .*permission denied.*Nothing was changed`));
    const out = mkdtempSync(join(tmpdir(), 'cc-cond-out-'));
    try {
      chmodSync(out, 0o1777);
      const backup = cli(['--catalog', file, 'backup', join(out, 'copy.db')], true);
      assert.equal(backup.code, 0, backup.stderr);
      assert.ok(readFileSync(join(out, 'copy.db')).equals(before), 'a backup needs no lock file');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    assert.ok(readFileSync(file).equals(before));
    assert.deepEqual(readdirSync(dir).sort(), ['catalog.db', 'catalog.db.checked']);
  });

  it('reads a catalog on a read-only mount and refuses changes clearly', async () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    const inner = join(ro, 'catalog.db');
    const c0 = await openCatalog({ file: inner, watch: false });
    await c0.close();
    execFileSync('mount', ['-o', 'bind,ro', ro, ro]);
    try {
      const c = await openCatalog({ file: inner, watch: false });
      try {
        assert.equal(await c.read((em) => em.count(Registry)), 3);
        await assert.rejects(c.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'ro.example' })),
          new RegExp(`catalog ${esc(inner)} cannot be changed: .*read-only.*Nothing was changed`));
        assert.equal(await c.read((em) => em.count(Registry)), 3, 'the refused write left nothing in memory');
      } finally {
        await c.close();
      }
    } finally {
      execFileSync('umount', [ro]);
    }
  });

  it('a full disk: a clear message naming the catalog, no stack trace, the file unchanged', () => {
    const disk = join(dir, 'disk');
    mkdirSync(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk]);
    try {
      const onDisk = join(disk, 'catalog.db');
      assert.equal(cli(['--catalog', onDisk, 'migrate']).code, 0);
      const before = readFileSync(onDisk);
      // Fill the disk, then free 128 KiB: room for the lock file, not for a 340 KiB save.
      execFileSync('dd', ['if=/dev/zero', `of=${join(disk, 'room')}`, 'bs=4k', 'count=32'], { stdio: 'ignore' });
      spawnSync('dd', ['if=/dev/zero', `of=${join(disk, 'filler')}`, 'bs=4k'], { stdio: 'ignore' }); // stops at ENOSPC
      rmSync(join(disk, 'room'));
      assert.ok(before.length > 200 * 1024, `the catalog (${before.length} bytes) must not fit in 128 KiB`);
      const r = cli(['--catalog', onDisk, 'registries', 'add', 'https://full.example']);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, new RegExp(`catalog ${esc(onDisk)} was not saved: the disk is full.*The file on disk is unchanged`));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(r.stderr.match(/was not saved/g)?.length, 1, `said once: ${r.stderr}`);
      assert.ok(readFileSync(onDisk).equals(before));
      assert.deepEqual(readdirSync(disk).sort(), ['catalog.db', 'catalog.db.checked', 'filler'], 'no temp or lock file left (the mark is from the save that made the file)');
    } finally {
      execFileSync('umount', [disk]);
    }
  });

  it('a directory given as the catalog is named in the error (EISDIR)', () => {
    mkdirSync(file);
    const r = cli(['--catalog', file, 'registries', 'list']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`catalog ${esc(file)}: the path is a directory`));
  });

  it('a file name too long for the file system names the catalog, not a temp file (ENAMETOOLONG)', () => {
    const long = join(dir, `${'c'.repeat(250)}.db`);
    const r = cli(['--catalog', long, 'registries', 'list']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`catalog ${esc(long)}: the file name is too long`));
    assert.doesNotMatch(r.stderr, /\.tmp/);
  });

  it('a catalog whose folder was deleted while open names the catalog, not a temp file (ENOENT)', async () => {
    const sub = join(dir, 'sub');
    const inner = join(sub, 'catalog.db');
    const c = await openCatalog({ file: inner, watch: false });
    try {
      rmSync(sub, { recursive: true });
      await assert.rejects(c.write((em) => em.insert(Registry, { id: v7(), name: 'x', url: 'gone.example' })), (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.match(e.message, new RegExp(`catalog ${esc(inner)} was not saved: its folder does not exist`));
        assert.doesNotMatch(e.message, /\.tmp/);
        return true;
      });
    } finally {
      await c.close().catch(() => undefined);
    }
  });

  it('a symlink to a folder that is not there (an unmounted disk) is kept and named (ENOENT)', () => {
    const link = join(dir, 'link.db');
    symlinkSync(join(dir, 'unmounted', 'catalog.db'), link);
    const r = cli(['--catalog', link, 'registries', 'list']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`catalog ${esc(link)} \\(a symbolic link to .*unmounted/catalog\\.db\\) was not saved: its folder does not exist`));
    assert.deepEqual(readdirSync(dir), ['link.db']);
  });
});
