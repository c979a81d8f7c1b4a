import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type MochaType from 'mocha';

// mocha 12's entry is ESM; its CommonJS build loads the same way in plain Node and in VS Code's
// extension host (which need not support require() of ESM).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha: typeof MochaType = require('mocha/lib/mocha.cjs');

/** What every suite run reports; scripts/test.sh adds these up into the final `tests:` line. */
export interface SuiteCounts {
  readonly suite: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Tests under a `describe('hostile input: …')`: attacks tried, and how many the code withstood. */
  readonly hostile?: { readonly tried: number; readonly held: number };
}

/** An attack test: any test whose outermost describe starts with "hostile input". */
export const HOSTILE_PREFIX = 'hostile input';

export interface RunMochaOptions {
  /** Name written into the counts file (e.g. "unit", "integration"). */
  readonly suite: string;
  /** Folder searched recursively for `*.test.js`. */
  readonly root: string;
  /** Where the counts JSON goes; the runner of the whole test command parses it, never mocha's summary. */
  readonly countsFile?: string;
  readonly timeout?: number;
  /** Mocha `grep` to run a subset (from CC_TEST_GREP). */
  readonly grep?: string;
}

/** Recursively lists `*.test.js` files below `dir`, sorted so runs are reproducible. */
export function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.js')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Runs mocha programmatically with the spec reporter for humans, counting results from the runner's
 * own events (hook failures count as failures), and writes the counts atomically to `countsFile`.
 * Resolves with the counts; never rejects for failing tests, so callers decide the exit code.
 */
export async function runMocha(options: RunMochaOptions): Promise<SuiteCounts> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: options.timeout ?? 60_000 });
  if (options.grep) mocha.grep(options.grep);
  const files = findTestFiles(options.root);
  loadFiles(mocha, options.root, files);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let tried = 0;
  let held = 0;
  const hostile = (t: MochaType.Runnable): boolean => t.fullTitle().startsWith(HOSTILE_PREFIX);
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => {
      passed++;
      if (hostile(t)) {
        tried++;
        held++;
      }
    });
    runner.on('fail', (t) => {
      failed++;
      if (hostile(t)) tried++;
    });
    runner.on('pending', () => skipped++);
  });
  if (files.length === 0) {
    // An empty suite is a broken build, not a green run.
    console.log(`no *.test.js files found under ${options.root}`);
    failed++;
  }
  const counts: SuiteCounts = { suite: options.suite, passed, failed, skipped, ...(tried ? { hostile: { tried, held } } : {}) };
  if (options.countsFile) writeCounts(options.countsFile, counts);
  return counts;
}

/**
 * Loads the test files the way mocha does, but one at a time: a file that throws while loading
 * (e.g. a missing peer checked at the top of a describe) becomes one failing test named after it,
 * and every other file still runs. With mocha's own loader, one such file aborts the whole run
 * before any counts exist.
 */
function loadFiles(mocha: MochaType, root: string, files: readonly string[]): void {
  const suite = mocha.suite;
  for (const file of files) {
    suite.emit('pre-require', globalThis, file, mocha);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      suite.emit('require', require(file), file, mocha);
    } catch (err) {
      const name = relative(root, file);
      console.log(`error loading ${name}: ${err instanceof Error ? err.message : String(err)}`);
      suite.addTest(new Mocha.Test(`loads ${name}`, () => {
        throw err;
      }));
      // A describe() that threw never popped itself off the bdd interface's suite stack, so later
      // files would nest inside it. Binding the interface again starts a fresh stack at the root.
      mocha.ui('bdd');
    }
    suite.emit('post-require', globalThis, file, mocha);
  }
}

export function writeCounts(file: string, counts: SuiteCounts): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(counts) + '\n');
  renameSync(tmp, file);
}
