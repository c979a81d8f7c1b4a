// The one door from the activation bundle (dist/extension.js) into the core bundle (dist/core.js). esbuild.mjs
// replaces every value import a face makes of a core module (src/store, entities, migrations, registries,
// images, containers) by a module of getters that call loadCore() on first use, so TypeORM, sql.js's glue, the
// engine clients (ssh2, ws, tar) and YAML are read and compiled when a view or command first needs them, not
// at activation. Each core module lives only in dist/core.js: one copy of every entity class and module-level
// state. Unbundled code (out/, the tests) imports the cores directly and never calls this.

/** What dist/core.js exports: `module('containers/engineError')` is that core module's exports, evaluated on first ask. */
export interface CoreBundle {
  module(path: string): Readonly<Record<string, unknown>>;
}

let core: CoreBundle | undefined;

/** The core bundle, required once, the first time a face uses a core value. */
export function loadCore(): CoreBundle {
  // The path stays a run-time require next to this bundle: esbuild.mjs marks it external.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  core ??= require('./core.js') as CoreBundle;
  return core;
}

/** Whether dist/core.js was loaded yet (the benchmark reports it at a kept first paint; unbundled code never loads it). */
export function coreLoaded(): boolean {
  return core !== undefined;
}
