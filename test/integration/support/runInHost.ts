import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { runMocha } from '../../support/runMocha';
import { ENV_RESULTS_FILE, RESULT_MARKER } from './protocol';

/**
 * The body of a suite index loaded by the extension host through `extensionTestsPath`: logs the
 * VS Code version, runs every *.test.js below `root` with mocha, writes the counts for the test
 * command, and rejects if any test failed (the host then exits 1).
 */
export async function runInHost(suite: string, root: string): Promise<void> {
  const repo = resolve(__dirname, '..', '..', '..', '..');
  console.log(`vscode.version ${vscode.version} (uiKind ${vscode.UIKind[vscode.env.uiKind]}, app ${vscode.env.appName}, node ${process.versions.node})`);
  const counts = await runMocha({
    suite,
    root,
    countsFile: process.env[ENV_RESULTS_FILE] ?? join(repo, 'test-results', `${suite}.json`),
    timeout: 120_000,
    grep: process.env.CC_TEST_GREP,
  });
  console.log(`${RESULT_MARKER} ${JSON.stringify(counts)}`);
  if (counts.failed > 0) throw new Error(`${counts.failed} ${suite} test(s) failed`);
}
