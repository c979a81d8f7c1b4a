import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SuiteCounts } from '../support/runMocha';
import { runMocha, writeCounts } from '../support/runMocha';
import { ENV_RESULTS_FILE, RESULT_MARKER } from '../integration/support/protocol';

/**
 * Entry of the restore suite (driver `--restore`): panels must come back after a window reload. A
 * reload ends this extension host, so the suite runs in two hosts of one window: the first runs
 * before/*.test.js (open panels, record what to expect), saves its counts and reloads the window; the
 * window comes back with the same test payload, and the second host runs after/*.test.js and reports
 * the counts of both halves.
 */
export async function run(): Promise<void> {
  const countsFile = process.env[ENV_RESULTS_FILE];
  if (!countsFile) throw new Error(`${ENV_RESULTS_FILE} is not set: run this suite through the driver (runHost --restore)`);
  const firstHalf = `${countsFile}.before-reload`;
  console.log(`vscode.version ${vscode.version} (restore suite, ${existsSync(firstHalf) ? 'after' : 'before'} the reload)`);
  if (!existsSync(firstHalf)) {
    const counts = await runMocha({ suite: 'restore', root: join(__dirname, 'before'), timeout: 180_000 });
    if (counts.failed > 0) {
      // Nothing to restore: report the first half as the whole suite.
      report(countsFile, counts);
      throw new Error(`${counts.failed} restore test(s) failed before the reload`);
    }
    writeCounts(firstHalf, counts);
    console.log('restore: reloading the window');
    await vscode.commands.executeCommand('workbench.action.reloadWindow');
    // This host ends with the reload; the driver waits for the second one to report.
    await new Promise<never>(() => undefined);
  }
  const before = JSON.parse(readFileSync(firstHalf, 'utf8')) as SuiteCounts;
  const after = await runMocha({ suite: 'restore', root: join(__dirname, 'after'), timeout: 180_000 });
  const counts: SuiteCounts = {
    suite: 'restore',
    passed: before.passed + after.passed,
    failed: before.failed + after.failed,
    skipped: before.skipped + after.skipped,
  };
  report(countsFile, counts);
  if (counts.failed > 0) throw new Error(`${counts.failed} restore test(s) failed`);
}

function report(countsFile: string, counts: SuiteCounts): void {
  writeCounts(countsFile, counts);
  console.log(`${RESULT_MARKER} ${JSON.stringify(counts)}`);
}
