// Builds every bundle the extension ships, plus the transpiled test/bench tree.
//   node esbuild.mjs            development bundles (sourcemaps)
//   node esbuild.mjs --release  minified bundles, no sourcemaps (what the VSIX ships)
//   node esbuild.mjs --tests    transpile src/, test/, bench/ to out/ for mocha (not bundled)
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const release = process.argv.includes('--release');
const tests = process.argv.includes('--tests');

// TypeORM's DriverFactory statically imports every driver it supports. We only use sql.js, so
// the others become empty modules (about 500 KB less; see shared notes on typeorm-sqljs).
// The stub answers any named export with an inert class so `instanceof` checks stay valid.
const KEPT_DRIVERS = new Set(['sqljs', 'sqlite-abstract', 'types']);
const stubTypeormDrivers = {
  name: 'stub-typeorm-drivers',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!/[\\/]node_modules[\\/]typeorm[\\/]/.test(args.resolveDir + '/')) return undefined;
      const full = join(args.resolveDir, args.path);
      const hit = /[\\/]node_modules[\\/]typeorm[\\/](?:browser[\\/])?driver[\\/]([^\\/]+)[\\/]/.exec(full);
      if (!hit || KEPT_DRIVERS.has(hit[1])) return undefined;
      return { path: full, namespace: 'typeorm-driver-stub' };
    });
    build.onLoad({ filter: /.*/, namespace: 'typeorm-driver-stub' }, () => ({
      contents: 'const c={};module.exports=new Proxy({},{get:(_,k)=>k==="__esModule"?true:(c[k]??=class{})});',
      loader: 'js',
    }));
  },
};

// TypeORM's decorators record into the metadata storage that typeorm/globals.js keeps on globalThis, and
// globals.js loads PlatformTools only to find globalThis. PlatformTools loads a SQL formatter, a colour
// library, sql-highlight and several Node modules: the entities' decorators run while the bundle loads
// (the views' cores import entity classes), so that cost was in every activation. globals.js gets a
// PlatformTools that only finds globalThis; everything else in TypeORM, which loads when the catalog
// opens, keeps the real one (the same globalThis, so the same storage).
const lightTypeormGlobals = {
  name: 'light-typeorm-globals',
  setup(build) {
    build.onResolve({ filter: /^\.\/platform\/PlatformTools$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]typeorm$/.test(args.resolveDir) || !/[\\/]globals\.js$/.test(args.importer)) return undefined;
      return { path: 'typeorm-globals-platform', namespace: 'typeorm-globals-platform' };
    });
    build.onLoad({ filter: /.*/, namespace: 'typeorm-globals-platform' }, () => ({
      contents: 'exports.PlatformTools = { getGlobalVariable: () => globalThis };',
      loader: 'js',
    }));
  },
};

// ssh2 tries two optional native add-ons inside try/catch (cpu-features, its sshcrypto.node) and falls back
// to Node's own crypto without them. The VSIX is one bundle for every platform, so neither is shipped: both
// resolve to a module that throws, which is exactly the path ssh2 takes when they were never built.
const noNativeAddons = {
  name: 'no-native-addons',
  setup(build) {
    build.onResolve({ filter: /^cpu-features$|\.node$/ }, (args) => ({ path: args.path, namespace: 'no-native-addon' }));
    build.onLoad({ filter: /.*/, namespace: 'no-native-addon' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not bundled`)});`,
      loader: 'js',
    }));
  },
};

// The activation bundle (dist/extension.js) holds the faces; the core bundle (dist/core.js) holds every core
// module (CORE_DIRS) and what they import: TypeORM, sql.js's glue, ssh2, ws, tar, YAML. Loading all of it at
// activation cost reading and compiling about 4 MB before activate() ran (docs/benchmarks.md). VS Code 1.100
// loads an extension as CommonJS, so esbuild's `splitting` (ESM only) cannot do this: a face's value import of
// a core module becomes a module of getters that reach dist/core.js through src/providers/platform/loadCore.ts
// on first use. A core module is in dist/core.js only (but for LIGHT_CORE, below), so entity classes,
// instanceof and module state have one copy. The CLI (dist/cli.js) stays one bundle: each run opens the catalog.
// CORE_DIRS and LIGHT_CORE are in scripts/core-split.json, which test/unit/build/bundleSplit.test.ts reads too.
// LIGHT_CORE: core modules the faces read while activating (view specs, kinds, validation rules): plain data
// and pure functions, no class and no module state, so a copy in each bundle is harmless. In dist/extension.js
// their own imports of other core modules go through the seam too.
const { coreDirs: CORE_DIRS, lightCore: LIGHT_CORE } = JSON.parse(readFileSync('scripts/core-split.json', 'utf8'));
const SRC = resolve('src');
const LOAD_CORE = join(SRC, 'providers', 'platform', 'loadCore.ts');

/** Core modules by their path under src/ without `.ts` ('containers/engineError'). */
function listCoreModules() {
  return CORE_DIRS.flatMap((d) => listTs(join('src', d))).map((p) => relative('src', p).split(sep).join('/').replace(/\.ts$/, '')).sort();
}

/** Each core module's exported value names (types are erased), from a transpile without bundling. */
async function coreExportNames(modules) {
  const result = await esbuild.build({
    entryPoints: modules.map((m) => `src/${m}.ts`), outdir: 'core-exports', outbase: 'src', bundle: false, format: 'esm',
    platform: 'node', write: false, metafile: true, logLevel: 'warning',
  });
  const names = new Map();
  for (const out of Object.values(result.metafile.outputs)) names.set(out.entryPoint.replace(/^src\//, '').replace(/\.ts$/, ''), out.exports);
  return names;
}

/**
 * dist/core.js's entry: `module(path)` gives a core module's exports. Each is reached through require(), so
 * esbuild wraps it to run on its first use, as the old single bundle did for modules reached by import():
 * loading the core does not evaluate the engine clients or TypeORM's DataSource until something calls them.
 */
function coreEntry(modules) {
  return {
    name: 'core-entry',
    setup(build) {
      build.onResolve({ filter: /^core-entry$/ }, () => ({ path: 'core-entry', namespace: 'core-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'core-entry' }, () => ({
        contents: `const loaders = {\n${modules.map((m) => `  ${JSON.stringify(m)}: () => require(${JSON.stringify(`./src/${m}.ts`)}),`).join('\n')}\n};\n`
          + 'const loaded = {};\n'
          + 'exports.module = (path) => (loaded[path] ??= loaders[path]());\n',
        resolveDir: resolve('.'),
        loader: 'js',
      }));
    },
  };
}

/** In the activation bundle: a face's import of a core module becomes getters that load dist/core.js on first use. */
function coreSeam(exportNames) {
  return {
    name: 'core-seam',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const from = relative(SRC, args.importer).split(sep);
        const fromModule = from.join('/').replace(/\.ts$/, '');
        if (from[0] === '..' || (CORE_DIRS.includes(from[0]) && !LIGHT_CORE.includes(fromModule))) return undefined;
        const target = relative(SRC, resolve(args.resolveDir, args.path)).split(sep).join('/').replace(/\.(ts|js)$/, '');
        if (!CORE_DIRS.includes(target.split('/')[0]) || LIGHT_CORE.includes(target)) return undefined;
        if (!exportNames.has(target)) return { errors: [{ text: `core module not found: src/${target}.ts` }] };
        return { path: target, namespace: 'core-seam' };
      });
      build.onLoad({ filter: /.*/, namespace: 'core-seam' }, (args) => ({
        contents: `const { loadCore } = require(${JSON.stringify(LOAD_CORE)});\n`
          + `Object.defineProperty(exports, '__esModule', { value: true });\n`
          + `for (const k of ${JSON.stringify(exportNames.get(args.path))}) `
          + `Object.defineProperty(exports, k, { enumerable: true, get: () => loadCore().module(${JSON.stringify(args.path)})[k] });\n`,
        resolveDir: SRC,
        loader: 'js',
      }));
    },
  };
}

/**
 * `import * as vscode from 'vscode'` makes esbuild copy the API object's properties into a new object
 * (`__toESM`) in every module that imports it: 128 copies, 30 ms of the 42 ms our modules took to evaluate at
 * load in the host (CPU profile, 2026-12-06). Every import of 'vscode' goes to one module that re-exports it:
 * one copy.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';\n", loader: 'js' }));
  },
};

/** Kept under .build/bundles/ (not shipped): what each bundle is made of, read by test/unit/build/bundleSplit.test.ts. */
function writeMeta(name, result) {
  mkdirSync('.build/bundles', { recursive: true });
  writeFileSync(`.build/bundles/${name}.meta.json`, JSON.stringify(result.metafile));
}

const common = {
  bundle: true,
  minify: release,
  sourcemap: release ? false : 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

async function buildBundles() {
  mkdirSync('dist', { recursive: true });
  const coreModules = listCoreModules();
  const node = {
    ...common,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    metafile: true,
    // The test probes (src/providers/platform/testProbes.ts) are left out of what a user installs.
    define: { CC_TEST_PROBES: release ? 'false' : 'true' },
  };
  // Optional requires inside TypeORM/yargs that are never reached with the sqljs driver; ssh2's native add-ons.
  const corePlugins = [stubTypeormDrivers, lightTypeormGlobals, noNativeAddons];
  const [extension, core, cli] = await Promise.all([
    coreExportNames(coreModules).then((names) => esbuild.build({
      ...node,
      entryPoints: { extension: 'src/extension.ts' },
      external: ['vscode', './core.js'],
      plugins: [vscodeOnce, coreSeam(names), ...corePlugins],
    })),
    esbuild.build({ ...node, entryPoints: { core: 'core-entry' }, external: ['vscode'], plugins: [coreEntry(coreModules), ...corePlugins] }),
    esbuild.build({ ...node, entryPoints: { cli: 'src/cli/main.ts' }, external: ['vscode'], plugins: corePlugins }),
    esbuild.build({
      ...common,
      entryPoints: { webview: 'src/webviews/app/main.ts' },
      outdir: 'dist',
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      tsconfig: 'src/webviews/app/tsconfig.json',
    }),
  ]);
  writeMeta('extension', extension);
  writeMeta('core', core);
  writeMeta('cli', cli);
  cpSync(require.resolve('sql.js/dist/sql-wasm.wasm'), 'dist/sql-wasm.wasm');
  // sql.js's code too, as its own file: the idle close drops its module and loads a new copy (src/store/loadSqlJs.ts).
  cpSync(require.resolve('sql.js/dist/sql-wasm.js'), 'dist/sql-wasm.js');
  const codicons = dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  mkdirSync('dist/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) cpSync(join(codicons, f), join('dist/codicons', f));
}

function listTs(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (p === join('src', 'webviews', 'app')) continue;
      listTs(p, out);
    } else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

async function buildTests() {
  const entryPoints = ['src', 'test', 'bench'].flatMap((d) => { try { return listTs(d); } catch { return []; } });
  await esbuild.build({
    entryPoints,
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
    define: { CC_TEST_PROBES: 'true' },
  });
  // The API consumer is an extension of its own: its manifest sits next to its transpiled code.
  cpSync('test/api-consumer/package.json', 'out/test/api-consumer/package.json');
}

if (tests) await buildTests();
else await buildBundles();
