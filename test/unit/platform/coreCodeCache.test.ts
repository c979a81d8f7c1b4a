import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const LOADER = resolve(__dirname, '../../../src/providers/platform/coreCodeCache.js');

/**
 * Loads `file` through requireWithCodeCache in a new Node process (a new window's extension host), writes
 * the cache when asked, and reports what the load found and what the module did.
 */
function loadInChild(file: string, cacheDir: string, write: boolean): { cache: string; value: unknown; written: boolean; cached: boolean } {
  const script = `
    const { requireWithCodeCache } = require(${JSON.stringify(LOADER)});
    const m = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, module);
    const written = ${write} ? m.writeCache() : false;
    // The module is Node's own: in the require cache, and a second require gives the same exports.
    const cached = require(${JSON.stringify(file)}) === m.exports;
    process.stdout.write(JSON.stringify({ cache: m.cache, value: m.exports.value(), written, cached }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { cache: string; value: unknown; written: boolean; cached: boolean };
}

describe('dist/core.js through a V8 code cache (issue 17: the first catalog open compiles less)', function () {
  let dir: string;
  let file: string;
  let cacheDir: string;
  const caches = (): string[] => readdirSync(cacheDir).filter((f) => f.endsWith('.v8cache'));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-codecache-'));
    cacheDir = join(dir, 'storage');
    file = join(dir, 'core.js');
    // What the core bundle relies on: require of a builtin and of a file next to it, module.children,
    // require.cache, __dirname.
    writeFileSync(join(dir, 'helper.js'), 'exports.twice = (n) => n * 2;\n');
    writeFileSync(
      file,
      `const path = require('node:path');
       const helper = require('./helper.js');
       exports.value = () => ({ n: helper.twice(21), dir: path.basename(__dirname), children: module.children.length, inCache: !!require.cache[require.resolve('./helper.js')] });\n`,
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the first load finds no cache and writes one; the next process uses it; both run the module alike', () => {
    const first = loadInChild(file, cacheDir, true);
    assert.equal(first.cache, 'none');
    assert.equal(first.written, true);
    assert.equal(caches().length, 1);
    const expected = { n: 42, dir: dir.split('/').pop(), children: 1, inCache: true };
    assert.deepEqual(first.value, expected);
    assert.equal(first.cached, true);
    const next = loadInChild(file, cacheDir, true);
    assert.equal(next.cache, 'accepted');
    assert.equal(next.written, false, 'an accepted cache is not written again');
    assert.deepEqual(next.value, expected);
  });

  it('a damaged cache is refused by V8, the module still runs, and the cache is written again', () => {
    loadInChild(file, cacheDir, true);
    const [name] = caches();
    writeFileSync(join(cacheDir, name), Buffer.alloc(4096, 7));
    const damaged = loadInChild(file, cacheDir, true);
    assert.equal(damaged.cache, 'rejected');
    assert.deepEqual((damaged.value as { n: number }).n, 42);
    assert.equal(damaged.written, true);
    assert.equal(loadInChild(file, cacheDir, false).cache, 'accepted');
  });

  it('another build of the file (same length) never uses the old cache, and the old one is removed', () => {
    loadInChild(file, cacheDir, true);
    const [old] = caches();
    // Same length, other code: V8 alone would check only the length.
    writeFileSync(file, readFileSync(file, 'utf8').replace('helper.twice(21)', 'helper.twice(12)'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const next = loadInChild(file, cacheDir, true);
    assert.equal(next.cache, 'none');
    assert.equal((next.value as { n: number }).n, 24);
    assert.deepEqual(caches().length, 1);
    assert.notEqual(caches()[0], old);
  });
});
