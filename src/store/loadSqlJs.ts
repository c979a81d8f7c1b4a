import { existsSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';

let loaded: Promise<SqlJsStatic> | undefined;

/**
 * sql.js, initialised once per process (only the first initSqlJs() honours its config anyway).
 * The wasm comes from `wasmPath`, else from next to this bundle (dist/sql-wasm.wasm in the VSIX),
 * else sql.js resolves its own copy in node_modules (tests, transpiled out/).
 */
export function loadSqlJs(wasmPath?: string): Promise<SqlJsStatic> {
  if (!loaded) {
    const bundled = join(__dirname, 'sql-wasm.wasm');
    const wasm = wasmPath ?? (existsSync(bundled) ? bundled : undefined);
    loaded = initSqlJs(wasm ? { locateFile: () => wasm } : undefined);
    loaded.catch(() => { loaded = undefined; });
  }
  return loaded;
}
