import * as vscode from 'vscode';

// Set by esbuild's `define` (esbuild.mjs): true in development and test builds, false in the release bundle
// the VSIX ships. Typeof-guarded so code transpiled without the define (none today) reads it as false.
declare const CC_TEST_PROBES: boolean | undefined;

/** Whether this build registers the probes the host tests read (tree snapshots, redraw counters, panel info). */
export const TEST_PROBES: boolean = typeof CC_TEST_PROBES === 'boolean' && CC_TEST_PROBES;

/**
 * A command only the tests call, to see what a view or the panels hold. Never contributed; registered only
 * when TEST_PROBES, so the extension a user installs has none of them.
 */
export function testProbe(id: string, fn: () => unknown): vscode.Disposable {
  return TEST_PROBES ? vscode.commands.registerCommand(id, fn) : new vscode.Disposable(() => undefined);
}
