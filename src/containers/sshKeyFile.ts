import { readFile } from 'node:fs/promises';
import { utils } from 'ssh2';

/**
 * Whether an SSH private key file can be used as is: `ok`, `encrypted` (a passphrase is needed, or the one
 * given is wrong), or why it cannot be read. Asked before an engine is recorded, so a passphrase is
 * prompted for then and not at every sync.
 */
export async function checkSshKeyFile(path: string, passphrase?: string): Promise<'ok' | 'encrypted' | { problem: string }> {
  let text: Buffer;
  try {
    text = await readFile(path);
  } catch (err) {
    return { problem: `Cannot read ${path}: ${(err as Error).message}` };
  }
  const parsed = utils.parseKey(text, passphrase);
  if (!(parsed instanceof Error)) return 'ok';
  if (/encrypted|passphrase|decrypt|bad decrypt/i.test(parsed.message)) return 'encrypted';
  return { problem: `${path} is not an SSH private key ssh2 can use: ${parsed.message}` };
}
