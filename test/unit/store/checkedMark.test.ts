import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { Registry } from '../../../src/entities/Registry';
import { checkedMarkPath } from '../../../src/store/checkedMark';
import { openCatalog } from '../../../src/store/openCatalog';

/** A byte inside the registry table's first row of text: changing it keeps a valid-looking file. */
function pageOffsetOf(bytes: Buffer, text: string): number {
  const at = bytes.indexOf(Buffer.from(text, 'utf8'));
  assert.ok(at > 100, `"${text}" is in the file`);
  return at;
}

describe('catalog open: the full check is skipped only for the bytes this program last wrote or checked', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-mark-'));
    file = join(dir, 'catalog.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('skips the check on the file it saved, after a new catalog and after a write', async () => {
    const first = await openCatalog({ file, watch: false });
    assert.equal(first.checkedAtOpen, false, 'a new catalog has nothing to check');
    await first.close();
    const second = await openCatalog({ file, watch: false });
    assert.equal(second.checkedAtOpen, false, 'the file the last save wrote');
    await second.write((em) => em.insert(Registry, { id: v7(), name: 'written', url: 'written.example' }));
    await second.close();
    const third = await openCatalog({ file, watch: false });
    try {
      assert.equal(third.checkedAtOpen, false, 'the file the write saved');
      assert.equal(await third.read((em) => em.countBy(Registry, { name: 'written' })), 1);
    } finally {
      await third.close();
    }
  });

  it('checks a file with one byte changed in the middle (size and mtime kept), and records it once it passes', async () => {
    await (await openCatalog({ file, watch: false })).close();
    const c0 = await openCatalog({ file, watch: false });
    await c0.write((em) => em.insert(Registry, { id: v7(), name: 'middle-marker', url: 'middle.example' }));
    await c0.close();
    const st = statSync(file);
    const bytes = readFileSync(file);
    const at = pageOffsetOf(bytes, 'middle-marker');
    bytes[at] = 'M'.charCodeAt(0); // still valid SQLite: a different registry name
    writeFileSync(file, bytes);
    utimesSync(file, st.atime, st.mtime);
    const c1 = await openCatalog({ file, watch: false });
    try {
      assert.equal(c1.checkedAtOpen, true, 'changed bytes are checked');
      assert.equal(await c1.read((em) => em.countBy(Registry, { name: 'Middle-marker' })), 1, 'the changed file is the one opened');
    } finally {
      await c1.close();
    }
    const c2 = await openCatalog({ file, watch: false });
    try {
      assert.equal(c2.checkedAtOpen, false, 'checked once, then known');
    } finally {
      await c2.close();
    }
  });

  it('checks another valid catalog of the same size put in place of the file', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'cc-mark-other-'));
    try {
      const other = join(otherDir, 'catalog.db');
      await (await openCatalog({ file, watch: false })).close();
      await (await openCatalog({ file: other, watch: false })).close();
      const ours = readFileSync(file);
      const theirs = readFileSync(other);
      assert.equal(theirs.length, ours.length, 'same size');
      assert.ok(!theirs.equals(ours), 'different bytes (their own ids)');
      writeFileSync(file, theirs);
      const c = await openCatalog({ file, watch: false });
      try {
        assert.equal(c.checkedAtOpen, true);
      } finally {
        await c.close();
      }
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('still finds a damaged page when the mark is stale, and sets the file aside as before', async () => {
    await (await openCatalog({ file, watch: false })).close();
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // The second page (a table's b-tree page): a page-type byte no b-tree page can have.
    bytes[pageSize] = 0x7f;
    writeFileSync(file, bytes);
    const c = await openCatalog({ file, watch: false });
    try {
      assert.equal(c.checkedAtOpen, true, 'the changed file was checked');
      assert.equal(readdirSync(dir).filter((f) => f.startsWith('catalog.db.corrupt-')).length, 1, 'the damaged file was set aside');
      assert.match(c.notices.join('\n'), /not a readable SQLite database/);
    } finally {
      await c.close();
    }
  });

  it('checks when the mark is missing or unreadable', async () => {
    await (await openCatalog({ file, watch: false })).close();
    for (const mark of [undefined, '{"size": "x"', JSON.stringify({ size: statSync(file).size, sha256: '0'.repeat(64) })]) {
      if (mark === undefined) rmSync(checkedMarkPath(file));
      else writeFileSync(checkedMarkPath(file), mark);
      const c = await openCatalog({ file, watch: false });
      try {
        assert.equal(c.checkedAtOpen, true, `mark ${mark ?? '(missing)'}`);
      } finally {
        await c.close();
      }
    }
  });
});
