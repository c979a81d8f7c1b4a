import { existsSync, readFileSync } from 'node:fs';

/**
 * Polls for a file the driver writes atomically (rename), so once it exists it is complete. If the
 * driver writes `failureFile` instead, rejects with its contents.
 */
export async function waitForFile(file: string, timeoutMs: number, what: string, failureFile?: string): Promise<Buffer> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (failureFile && existsSync(failureFile)) throw new Error(`${what}: ${readFileSync(failureFile, 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`${what}: the driver did not write ${file} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return readFileSync(file);
}
