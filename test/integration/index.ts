import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { runMocha } from '../support/runMocha';
import { ENV_RESULTS_FILE, RESULT_MARKER } from './support/protocol';

/**
 * The integration suite's entry, loaded by the extension host through `extensionTestsPath` (the
 * code-server driver and @vscode/test-electron use the same contract). Runs every
 * out/test/integration/**\/*.test.js with mocha and rejects if any failed.
 */
export async function run(): Promise<void> {
  const repo = resolve(__dirname, '..', '..', '..');
  console.log(`vscode.version ${vscode.version} (uiKind ${vscode.UIKind[vscode.env.uiKind]}, app ${vscode.env.appName}, node ${process.versions.node})`);
  const counts = await runMocha({
    suite: 'integration',
    root: __dirname,
    countsFile: process.env[ENV_RESULTS_FILE] ?? join(repo, 'test-results', 'integration.json'),
    timeout: 120_000,
    grep: process.env.CC_TEST_GREP,
  });
  console.log(`${RESULT_MARKER} ${JSON.stringify(counts)}`);
  if (counts.failed > 0) throw new Error(`${counts.failed} integration test(s) failed`);
}
