// The one door from the activation bundle (dist/extension.js) into the core bundle (dist/core.js). esbuild.mjs
// replaces every value import a face makes of a core module (src/store, entities, migrations, registries,
// images, containers) by a module of getters that call loadCore() on first use, so TypeORM, sql.js's glue, the
// engine clients (ssh2, ws, tar) and YAML are read and compiled when a view or command first needs them, not
// at activation. Each core module lives only in dist/core.js: one copy of every entity class and module-level
// state. Unbundled code (out/, the tests) imports the cores directly and never calls this.

import { join } from 'node:path';
import { requireWithCodeCache } from './coreCodeCache';

/** What dist/core.js exports: `module('containers/engineError')` is that core module's exports, evaluated on first ask. */
export interface CoreBundle {
  module(path: string): Readonly<Record<string, unknown>>;
}

let core: CoreBundle | undefined;
let codeCacheDir: string | undefined;
/** What loading dist/core.js found of its code cache (the benchmark reports it). */
export const coreCodeCacheState: { found?: 'accepted' | 'rejected' | 'none' | 'failed' } = {};

/** Keeps dist/core.js's V8 code cache in `dir` (the extension's global storage); set at activation. */
export function keepCoreCodeCache(dir: string): void {
  codeCacheDir = dir;
}

/** The core bundle, required once, the first time a face uses a core value. */
export function loadCore(): CoreBundle {
  core ??= (codeCacheDir && loadCached(codeCacheDir)) || requireCore();
  return core;
}

function requireCore(): CoreBundle {
  // The path stays a run-time require next to this bundle: esbuild.mjs marks it external.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./core.js') as CoreBundle;
}

/**
 * dist/core.js through its code cache (see coreCodeCache.ts); the cache is written once the core has done
 * its first work (a catalog open, a first paint), in the background. Undefined when that load fails, so
 * the plain require above runs instead: the cache only saves time.
 */
function loadCached(dir: string): CoreBundle | undefined {
  try {
    const loaded = requireWithCodeCache(join(__dirname, 'core.js'), dir, module);
    coreCodeCacheState.found = loaded.cache;
    // Written a few seconds on, with the functions the first catalog open and paint compiled.
    if (loaded.cache !== 'accepted') setTimeout(() => loaded.writeCache(), 5_000).unref();
    return loaded.exports as CoreBundle;
  } catch {
    coreCodeCacheState.found = 'failed';
    return undefined;
  }
}

/** Whether dist/core.js was loaded yet (the benchmark reports it at a kept first paint; unbundled code never loads it). */
export function coreLoaded(): boolean {
  return core !== undefined;
}
