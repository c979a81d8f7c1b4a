import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_SCREENSHOT_DIR, SCREENSHOT_MARKER, SCREENSHOT_NAME } from './protocol';
import { waitForFile } from './waitForFile';

/**
 * Asks the driver for a PNG of the workbench as it is now (or of the first element matching
 * `selector`, e.g. '#workbench\\.parts\\.sidebar') and waits until it is on disk.
 * Resolves with the file path. Take screenshots while the suite runs: once it ends, the extension
 * host shuts down and the views go empty.
 * Fails when no driver is listening (e.g. under @vscode/test-electron): a screenshot that silently
 * didn't happen is worse than a red test.
 */
export async function screenshot(name: string, selector?: string, timeoutMs = 20_000): Promise<string> {
  if (!SCREENSHOT_NAME.test(name)) throw new Error(`bad screenshot name ${JSON.stringify(name)}`);
  const dir = process.env[ENV_SCREENSHOT_DIR];
  if (!dir) throw new Error(`${ENV_SCREENSHOT_DIR} is not set: screenshots need the code-server driver (npm test)`);
  const file = join(dir, `${name}.png`);
  rmSync(file, { force: true });
  if (selector?.includes('\n')) throw new Error('screenshot selector must be one line');
  console.log(selector ? `${SCREENSHOT_MARKER} ${name} ${selector}` : `${SCREENSHOT_MARKER} ${name}`);
  const failure = `${file}.error`;
  rmSync(failure, { force: true });
  const png = await waitForFile(file, timeoutMs, `screenshot ${name}`, failure);
  if (png.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`${file} is not a PNG`);
  return file;
}
