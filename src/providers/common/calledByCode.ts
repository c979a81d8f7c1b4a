import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whether the work running now was started by code (a command given an argument object) rather than by
 * the user. Questions deep below a command (an ssh host key no known_hosts lists, met by whichever
 * action first connects) cannot see the command's argument, so the command's run marks its async context
 * and those questions look here: called by code, they are not asked and the action fails naming why.
 *
 * On Node 20 (the extension host's) an enabled AsyncLocalStorage hooks every promise of the whole host
 * (a promise-heavy loop ran 2.3× slower while one was enabled), so the mark is enabled only while a
 * run by code is in flight and disabled when the last one ends.
 */
const byCode = new AsyncLocalStorage<boolean>();
let inFlight = 0;

/** Runs `fn` (and everything it awaits) as called by code. */
export async function runAsCode<T>(fn: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    return await byCode.run(true, fn);
  } finally {
    if (--inFlight === 0) byCode.disable();
  }
}

/** True inside a runAsCode call still in flight; work it left running after it ended asks as the user's would. */
export function calledByCode(): boolean {
  return byCode.getStore() === true;
}
