import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import { readFileBytes } from '../../../src/store/fileBytes';
import { openCatalog } from '../../../src/store/openCatalog';

/** A catalog file holding one registry named `name`. */
async function catalogWith(file: string, name: string): Promise<void> {
  const c = await openCatalog({ file, watch: false });
  try {
    await c.write((em) => em.insert(Registry, { id: v7(), name, url: `${name}.example` }));
  } finally {
    await c.close();
  }
}

async function registryNames(file: string, prefetched: ReturnType<typeof readFileBytes>): Promise<string[]> {
  const c = await openCatalog({ file, watch: false, prefetched });
  try {
    // Only the registries these tests wrote (the catalog's seed adds well-known ones).
    return (await c.read((em) => em.find(Registry))).filter((r) => r.url.endsWith('.example')).map((r) => r.name);
  } finally {
    await c.close();
  }
}

describe('catalog open from bytes read in advance (the extension reads the file while the store module loads)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-prefetch-'));
    file = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the whole file with its identity, and nothing for a missing file', async () => {
    await catalogWith(file, 'one');
    const read = await readFileBytes(file);
    const st = statSync(file);
    assert.ok(read);
    assert.deepEqual(read.bytes, readFileSync(file));
    assert.deepEqual({ ino: read.ino, size: read.size, mtimeMs: read.mtimeMs }, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs });
    assert.equal(await readFileBytes(join(dir, 'none.db')), undefined);
  });

  it('uses the bytes read in advance when the file is still that file', async () => {
    await catalogWith(file, 'on-disk');
    const st = statSync(file);
    // Other bytes under the identity of the file on disk: the open takes them, proving it did not read again.
    const other = join(dir, 'other.db');
    await catalogWith(other, 'read-in-advance');
    const bytes = readFileSync(other);
    assert.equal(bytes.length, st.size, 'both catalogs have the same size');
    assert.deepEqual(await registryNames(file, Promise.resolve({ bytes, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs })), ['read-in-advance']);
  });

  it('reads the file again when another program replaced it after the read in advance, or when that read failed', async () => {
    await catalogWith(file, 'first');
    const early = await readFileBytes(file);
    const again = await openCatalog({ file, watch: false });
    await again.write((em) => em.insert(Registry, { id: v7(), name: 'later', url: 'later.example' }));
    await again.close();
    assert.deepEqual((await registryNames(file, Promise.resolve(early))).sort(), ['first', 'later'], 'the file as it is now');
    const failed = Promise.reject(new Error('EACCES'));
    assert.deepEqual((await registryNames(file, failed)).sort(), ['first', 'later']);
  });
});
