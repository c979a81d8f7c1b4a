import * as assert from 'node:assert/strict';
import { openContainerExec } from '../../../src/containers/containerExec';
import type { EngineConnection } from '../../../src/containers/engineConnection';

/** Runs `script` with /bin/sh in the container through our own exec, asserts it exits 0, and returns its stdout. */
export async function execScript(conn: EngineConnection, container: string, script: string): Promise<string> {
  const s = await openContainerExec(conn, container, { command: ['/bin/sh', '-c', script], tty: false });
  const out: Buffer[] = [];
  s.onOutput((c, stream) => stream === 'stdout' && out.push(c));
  s.endInput();
  const exit = await s.exited;
  assert.equal(exit.code, 0, `${script}: ${JSON.stringify(exit)}`);
  return Buffer.concat(out).toString('utf8');
}
