import { runInHost } from './support/runInHost';

/**
 * The integration suite's entry (`extensionTestsPath`), for the code-server driver and for
 * @vscode/test-electron alike: runs every out/test/integration/**\/*.test.js.
 */
export function run(): Promise<void> {
  return runInHost('integration', __dirname);
}
