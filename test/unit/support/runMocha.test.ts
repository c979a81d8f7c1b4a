import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// runMocha is what turns every suite into the counts of `npm test`'s last line. Each case runs it in
// a child process so its mocha instance and globals stay apart from the one running this file.
describe('runMocha (the counting runner of npm test)', () => {
  let dir: string;
  const runner = join(__dirname, '..', '..', 'support', 'runMocha.js');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-runmocha-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(files: Record<string, string>): { passed: number; failed: number; skipped: number } {
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
    const counts = join(dir, 'counts.json');
    const script = `require(${JSON.stringify(runner)}).runMocha({ suite: 't', root: ${JSON.stringify(dir)}, countsFile: ${JSON.stringify(counts)} }).then(() => process.exit(0))`;
    execFileSync(process.execPath, ['-e', script], { stdio: 'pipe' });
    return JSON.parse(readFileSync(counts, 'utf8')) as { passed: number; failed: number; skipped: number };
  }

  it('counts passes, failures (hooks included) and skips', () => {
    const c = run({
      'a.test.js': `const assert = require('node:assert');
        describe('a', () => { it('p1', () => {}); it('p2', () => {}); it('f', () => assert.equal(1, 2)); it.skip('s', () => {}); });
        describe('b', () => { before(() => { throw new Error('hook'); }); it('never runs', () => {}); });`,
    });
    assert.deepEqual({ ...c, suite: undefined }, { suite: undefined, passed: 2, failed: 2, skipped: 1 });
  });

  it('turns a file that throws while loading into one failure and still runs the others, unnested', () => {
    const c = run({
      'a.test.js': `describe('broken', () => { throw new Error('peer missing'); });`,
      'b.test.js': `describe('fine', () => { it('runs', function () { if (this.test.parent.parent.title !== '') throw new Error('nested under ' + this.test.parent.parent.title); }); });`,
    });
    assert.equal(c.passed, 1);
    assert.equal(c.failed, 1);
  });

  it('counts an empty suite as a failure', () => {
    const c = run({});
    assert.equal(c.passed, 0);
    assert.equal(c.failed, 1);
  });
});
