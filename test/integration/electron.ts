import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ENV_RESULTS_FILE } from './support/protocol';

// `npm run test:electron`: the same suite (out/test/integration/index.js) under a desktop VS Code
// that @vscode/test-electron downloads. That download needs update.code.visualstudio.com, which the
// CI machines cannot reach, so there `npm test` uses the code-server driver (driver/runHost.ts).
// Tests that talk to the page driver (screenshots, DOM queries) are tagged `@page`; there is no
// such driver here, so they are left out with mocha's grep (CC_TEST_GREP) and the rest run.
async function main(): Promise<void> {
  const repo = resolve(__dirname, '..', '..', '..');
  const workspace = join(repo, '.build', 'electron', 'workspace');
  mkdirSync(workspace, { recursive: true });
  const code = await runTests({
    version: process.env.CC_VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: repo,
    extensionTestsPath: join(repo, 'out', 'test', 'integration', 'index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: {
      [ENV_RESULTS_FILE]: join(repo, 'test-results', 'integration-electron.json'),
      CC_TEST_GREP: process.env.CC_TEST_GREP ?? '^(?!.*@page)',
    },
  });
  process.exit(code);
}

main().catch((err: unknown) => {
  console.error(`test:electron failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
