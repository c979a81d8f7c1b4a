import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import { keptViewPath, readKeptView, writeKeptView } from '../../../src/store/keptView';
import { openCatalog } from '../../../src/store/openCatalog';

interface Row { id: string; label: string }
const VIEW = { query: '{}', children: { '': [{ id: 'engine/a', label: 'a' }], 'engine/a': [{ id: 'engine/a/c/x', label: 'x' }] } };

describe('kept view: a copy of what a view showed, tied to one version of the catalog file', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-kept-'));
    file = join(dir, 'catalog.db');
    await (await openCatalog({ file, watch: false })).close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what was kept while the catalog file is unchanged', async () => {
    assert.equal(readKeptView<Row>(file, 'containers'), undefined, 'nothing kept yet');
    assert.equal(await writeKeptView(file, 'containers', VIEW), true);
    assert.deepEqual(readKeptView<Row>(file, 'containers'), VIEW);
    assert.equal(readKeptView<Row>(file, 'registries'), undefined, 'per view');
    assert.equal(statSync(keptViewPath(file, 'containers')).mode & 0o077, 0, 'readable by the owner only, like the catalog');
  });

  it('is not read once the catalog was saved again, or changed in place with its mtime put back', async () => {
    await writeKeptView(file, 'containers', VIEW);
    const c = await openCatalog({ file, watch: false });
    await c.write((em) => em.insert(Registry, { id: v7(), name: 'later', url: 'later.example' }));
    await c.close();
    assert.equal(readKeptView<Row>(file, 'containers'), undefined, 'after a save');

    await writeKeptView(file, 'containers', VIEW);
    const st = statSync(file);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes); // same bytes, same inode, written by another program
    utimesSync(file, st.atime, st.mtime);
    assert.equal(readKeptView<Row>(file, 'containers'), undefined, 'ctime tells the write apart');
  });

  it('ignores a damaged or foreign copy, and a missing catalog', async () => {
    for (const body of ['{', 'null', JSON.stringify({ format: 2 }), JSON.stringify({ ...VIEW, format: 1 })]) {
      writeFileSync(keptViewPath(file, 'containers'), body);
      assert.equal(readKeptView<Row>(file, 'containers'), undefined, body);
    }
    await writeKeptView(file, 'containers', VIEW);
    rmSync(file);
    assert.equal(readKeptView<Row>(file, 'containers'), undefined);
    assert.equal(await writeKeptView(file, 'containers', VIEW), false, 'nothing to tie a copy to');
  });
});
