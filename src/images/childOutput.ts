import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { ImageCatalogError } from './imageCatalogError';

/** Enough of a child's stderr to explain a failure; the rest is dropped (a child may print without end). */
const MAX_STDERR = 4096;

/**
 * Runs `command args` and hands its stdout to `consume`. The one way src/images runs a child
 * process, because a child left running keeps the extension host (or the CLI, which then never
 * exits) busy: when `consume` settles, however it settles (read to the end, stopped early, or
 * failed), a child still running is killed, and this returns only after the child has exited.
 * A child that exited non-zero on its own is the error (its stderr says why); a child killed
 * because the reader stopped early is not.
 */
export async function consumeChildOutput<T>(
  where: string,
  command: string,
  args: readonly string[],
  consume: (stdout: Readable) => Promise<T>,
): Promise<T> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < MAX_STDERR) stderr += d.toString('utf8').slice(0, MAX_STDERR - stderr.length);
  });
  let spawnError: Error | null = null;
  let killedByUs = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (e) => {
      spawnError = e;
      // 'close' does not follow a failed spawn.
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  const childError = (r: { code: number | null; signal: NodeJS.Signals | null }): ImageCatalogError | null => {
    if (spawnError) return new ImageCatalogError(where, `cannot run ${command} (${(spawnError as Error).message})`);
    if (killedByUs || r.code === 0) return null;
    return new ImageCatalogError(where, `${command} failed: ${stderr.trim() || (r.signal ? `killed by ${r.signal}` : `exit ${r.code}`)}`);
  };
  const stop = async (): Promise<{ code: number | null; signal: NodeJS.Signals | null }> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      killedByUs = true;
      child.kill('SIGKILL');
    }
    // Unread output would otherwise keep the pipes (and the event loop) open.
    child.stdout.destroy();
    return exited;
  };
  let result: T;
  try {
    result = await consume(child.stdout);
  } catch (err) {
    // The child's own failure (a damaged .xz, a missing xz) explains more than what the reader made of it.
    throw childError(await stop()) ?? err;
  }
  const r = await stop();
  const failed = childError(r);
  if (failed) throw failed;
  return result;
}
