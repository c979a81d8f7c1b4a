import { runInHost } from '../integration/support/runInHost';

/** Entry of the packaged-extension suite (driver `--vsix FILE`): runs out/test/vsix/*.test.js. */
export function run(): Promise<void> {
  return runInHost('vsix', __dirname);
}
