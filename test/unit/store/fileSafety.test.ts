import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { v7 } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import { openCatalog } from '../../../src/store/openCatalog';

const CLI = resolve(__dirname, '../../../src/cli/main.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function addRegistry(file: string, url: string): Promise<void> {
  const c = await openCatalog({ file, watch: false });
  try {
    await c.write((em) => em.insert(Registry, { id: v7(), name: 'x', url }));
  } finally {
    await c.close();
  }
}

async function urls(file: string): Promise<string[]> {
  const c = await openCatalog({ file, watch: false });
  try {
    return (await c.read((em) => em.find(Registry))).map((r) => r.url).sort();
  } finally {
    await c.close();
  }
}

describe('catalog saves keep the file what it was: owner, mode, symlink, read-only', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-safe-'));
    file = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps a user's owner, group and mode when root (sudo) saves the catalog", async () => {
    assert.equal(process.getuid?.(), 0, 'this test changes owners: it runs as root');
    await addRegistry(file, 'first.example');
    chownSync(file, 65534, 65534);
    chmodSync(file, 0o664);
    await addRegistry(file, 'by-root.example');
    const st = statSync(file);
    assert.deepEqual({ uid: st.uid, gid: st.gid, mode: (st.mode & 0o7777).toString(8) }, { uid: 65534, gid: 65534, mode: '664' });
    assert.ok((await urls(file)).includes('by-root.example'));
  });

  it('writes a symlinked catalog through to its target, keeping the link', async () => {
    const real = join(dir, 'real', 'store.db');
    mkdirSync(join(dir, 'real'));
    mkdirSync(join(dir, 'links'));
    const link = join(dir, 'links', 'catalog.db');
    symlinkSync(real, link);
    await addRegistry(link, 'through-link.example');
    await addRegistry(link, 'again.example');
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.ok(lstatSync(real).isFile());
    assert.deepEqual((await urls(real)).filter((u) => u.endsWith('.example')), ['again.example', 'through-link.example']);
    assert.deepEqual(readdirSync(join(dir, 'real')).sort(), ['store.db', 'store.db.checked'], 'no temp file next to the target (the mark of the saves goes with the real file)');
    assert.deepEqual(readdirSync(join(dir, 'links')), ['catalog.db'], 'no temp or lock file next to the link');
  });

  it('refuses to change a read-only (0444) catalog, even as root, and leaves it byte-identical', async () => {
    await addRegistry(file, 'first.example');
    chmodSync(file, 0o444);
    const before = readFileSync(file);
    const r = cli(['--catalog', file, 'registries', 'add', 'https://refused.example']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, new RegExp(`catalog ${file.replace(/[.]/g, '\\.')} cannot be changed: the file is read-only \\(mode 0444\\)`));
    assert.ok(readFileSync(file).equals(before));
    assert.equal(statSync(file).mode & 0o7777, 0o444);
    const list = cli(['--catalog', file, 'registries', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /first\.example/);
  });
});
