import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whether the work running now was started by code (a command given an argument object) rather than by
 * the user. Questions deep below a command (an ssh host key no known_hosts lists, met by whichever
 * action first connects) cannot see the command's argument, so the command's run marks its async context
 * and those questions look here: called by code, they are not asked and the action fails naming why.
 */
const byCode = new AsyncLocalStorage<boolean>();

/** Runs `fn` (and everything it awaits) as called by code. */
export function runAsCode<T>(fn: () => T): T {
  return byCode.run(true, fn);
}

export function calledByCode(): boolean {
  return byCode.getStore() === true;
}
