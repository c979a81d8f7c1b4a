// Builds every bundle the extension ships, plus the transpiled test/bench tree.
//   node esbuild.mjs            development bundles (sourcemaps)
//   node esbuild.mjs --release  minified bundles, no sourcemaps (what the VSIX ships)
//   node esbuild.mjs --tests    transpile src/, test/, bench/ to out/ for mocha (not bundled)
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

const common = {
  bundle: true,
  minify: release,
  sourcemap: release ? false : 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

async function buildBundles() {
  mkdirSync('dist', { recursive: true });
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { extension: 'src/extension.ts', cli: 'src/cli/main.ts' },
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      // Optional requires inside TypeORM/yargs that are never reached with the sqljs driver; ssh2's native add-ons.
      plugins: [stubTypeormDrivers, lightTypeormGlobals, noNativeAddons],
      mainFields: ['module', 'main'],
      metafile: true,
      // The test probes (src/providers/platform/testProbes.ts) are left out of what a user installs.
      define: { CC_TEST_PROBES: release ? 'false' : 'true' },
    }),
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
