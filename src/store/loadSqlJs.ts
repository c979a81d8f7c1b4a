import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlJsStatic } from 'sql.js';

type InitSqlJs = (config?: { locateFile?: (file: string) => string }) => Promise<SqlJsStatic>;

let loaded: Promise<SqlJsStatic> | undefined;

/**
 * sql.js, initialised once per process until `forgetSqlJs()` (only the first initSqlJs() of one copy of
 * sql.js's code honours its config, and that copy keeps its module for ever).
 * Code and wasm come from next to this bundle (dist/sql-wasm.js and dist/sql-wasm.wasm in the VSIX), else
 * from sql.js in node_modules (tests, transpiled out/). `wasmPath` overrides the wasm.
 */
export function loadSqlJs(wasmPath?: string): Promise<SqlJsStatic> {
  if (!loaded) {
    const bundled = join(__dirname, 'sql-wasm.wasm');
    const wasm = wasmPath ?? (existsSync(bundled) ? bundled : undefined);
    loaded = freshInitSqlJs()(wasm ? { locateFile: () => wasm } : undefined);
    loaded.catch(() => { loaded = undefined; });
  }
  return loaded;
}

/**
 * Lets go of the loaded module: the next loadSqlJs() makes a new one. A WebAssembly memory only grows, so
 * the idle close (CatalogStore) frees sql.js's heap by dropping every reference to its module; callers
 * that still hold a database of the old module keep that module alive until they close it.
 */
export function forgetSqlJs(): void {
  loaded = undefined;
  // Node keeps a required file's exports (here initSqlJs, whose closure holds the module) in its cache
  // and in the requiring module's children.
  const id = sqlJsFile();
  const cached = require.cache[id];
  delete require.cache[id];
  const child = cached ? module.children.indexOf(cached) : -1;
  if (child >= 0) module.children.splice(child, 1);
}

function sqlJsFile(): string {
  const bundled = join(__dirname, 'sql-wasm.js');
  return existsSync(bundled) ? bundled : require.resolve(['sql.js'][0]);
}

/**
 * sql.js's initSqlJs caches its module in the closure of its file, so a new module needs the file evaluated
 * again: it is required by a computed path (esbuild leaves such a require to run time; the build copies the
 * file next to the bundle) with its cache entry removed.
 */
function freshInitSqlJs(): InitSqlJs {
  const id = sqlJsFile();
  delete require.cache[id];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path, on purpose (see above)
  return require(id) as InitSqlJs;
}
