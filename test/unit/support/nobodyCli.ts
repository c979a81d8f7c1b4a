import { chmodSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

let copied: string | undefined;

/**
 * The bundled CLI (dist/cli.js + its wasm) copied to a folder every user may enter, for tests that run it as
 * `nobody`: the checkout itself may sit under a private folder (mktemp -d makes 0700 ones, as the
 * fresh-machine check does), where nobody cannot read out/ or node_modules/.
 */
export function cliForNobody(): string {
  if (!copied) {
    const dist = resolve(__dirname, '../../../../dist');
    const dir = mkdtempSync(join(tmpdir(), 'cc-nobody-cli-'));
    chmodSync(dir, 0o755);
    for (const f of ['cli.js', 'sql-wasm.js', 'sql-wasm.wasm']) copyFileSync(join(dist, f), join(dir, f));
    copied = join(dir, 'cli.js');
  }
  return copied;
}
