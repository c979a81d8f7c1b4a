import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('bench: modules imported by the runner do not run themselves', () => {
  // `npm run bench` exited 1 after writing every table: run.ts imports benchChild for ENGINE_NAMES, and
  // benchChild's main() then ran with no arguments and threw.
  it('requiring benchChild runs nothing and leaves the exit code 0', () => {
    const child = join(__dirname, '..', '..', '..', 'bench', 'benchChild.js');
    const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(child)})`], { encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '');
    assert.equal(r.status, 0);
  });
});

describe('bench: --only picks sections of npm run bench', () => {
  it('an id that is no section is refused, naming the ids there are, before anything runs or is written', () => {
    const run = join(__dirname, '..', '..', '..', 'bench', 'run.js');
    const r = spawnSync(process.execPath, [run, '--only', 'launch-bench,nope'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--only takes ids among .*launch-bench.*; unknown: nope/);
    assert.doesNotMatch(r.stderr, /bench: /, 'no section started');
  });
});
