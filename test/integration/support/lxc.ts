import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { need } from './peerEnv';

const run = promisify(execFile);

/**
 * The real `lxc` client against the LXD test peer, asynchronously (a blocked extension host could not
 * read LXD's answers). Its proxies point at a closed loopback port, as the peer's own are, so nothing
 * it does can leave the machine.
 */
export async function lxc(...args: string[]): Promise<string> {
  const env = { ...process.env, LXD_DIR: need('CC_LXD_DIR'), LXD_CONF: need('CC_LXD_CONF'), HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost,::1' };
  const call = run('lxc', args, { env, timeout: 60_000 });
  // `lxc init` reads instance config from a stdin that is not a terminal: give it none.
  call.child.stdin?.end();
  return (await call).stdout;
}

/** `lxc query <path>`: LXD's own view of an object, parsed. */
export async function lxcQuery<T>(path: string): Promise<T> {
  return JSON.parse(await lxc('query', path)) as T;
}
