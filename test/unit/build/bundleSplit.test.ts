import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// What `node esbuild.mjs` (and --release) wrote under .build/bundles/: the inputs of each bundle. The build
// runs before the unit tests (scripts/test.sh); run it by hand before this file alone.
const ROOT = join(__dirname, '..', '..', '..', '..');
const split = JSON.parse(readFileSync(join(ROOT, 'scripts', 'core-split.json'), 'utf8')) as { coreDirs: string[]; lightCore: string[] };

interface Meta {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
}

function meta(name: string): Meta {
  const file = join(ROOT, '.build', 'bundles', `${name}.meta.json`);
  assert.ok(existsSync(file), `${file} is missing: run \`node esbuild.mjs\` first`);
  return JSON.parse(readFileSync(file, 'utf8')) as Meta;
}

/** 'src/containers/engineError.ts' → 'containers/engineError' when it is a core module, else undefined. */
function coreModule(input: string): string | undefined {
  const m = /^src\/([^/]+)\/(.+)\.ts$/.exec(input);
  return m && split.coreDirs.includes(m[1]) ? `${m[1]}/${m[2]}` : undefined;
}

describe('bundles: activation loads the faces, the core bundle loads on first use', () => {
  const extension = meta('extension');
  const core = meta('core');

  it('dist/extension.js holds no TypeORM, sql.js, engine client or YAML: they are in dist/core.js', () => {
    const heavy = /node_modules\/(typeorm|sql\.js|reflect-metadata|ssh2|ws|tar|yaml|uuid)\//;
    assert.deepEqual(Object.keys(extension.inputs).filter((i) => heavy.test(i)), []);
    for (const pkg of ['typeorm', 'ssh2', 'ws', 'tar', 'yaml']) {
      assert.ok(Object.keys(core.inputs).some((i) => i.includes(`node_modules/${pkg}/`)), `${pkg} is in dist/core.js`);
    }
  });

  it('no entity, store or migration module and no other core module than the light ones is in dist/extension.js', () => {
    const inExtension = Object.keys(extension.inputs).map(coreModule).filter((m): m is string => m !== undefined);
    assert.deepEqual(inExtension.filter((m) => !split.lightCore.includes(m)), []);
  });

  it('every core module is in dist/core.js, which dist/extension.js requires only at run time', () => {
    const inCore = new Set(Object.keys(core.inputs).map(coreModule));
    const missing = Object.keys(extension.inputs).filter((i) => i.startsWith('core-seam:')).map((i) => i.slice('core-seam:'.length)).filter((m) => !inCore.has(m));
    assert.deepEqual(missing, []);
    assert.ok(inCore.has('store/openCatalog') && inCore.has('entities/Container'));
    const imports = Object.values(extension.outputs).flatMap((o) => o.imports);
    assert.deepEqual(imports.filter((i) => i.path === './core.js').map((i) => i.external), [true]);
  });

  it('a module in both bundles is in src/shared or a light core module that keeps no class and no module state', () => {
    const both = Object.keys(extension.inputs).filter((i) => i in core.inputs);
    assert.deepEqual(both.filter((i) => !i.startsWith('src/shared/') && !split.lightCore.includes(coreModule(i) ?? '')), []);
    for (const i of both) {
      const source = readFileSync(join(ROOT, i), 'utf8');
      assert.doesNotMatch(source, /^(export )?(abstract )?class /m, `${i} declares a class: two copies would break instanceof`);
      // A cache whose every copy holds the same value is allowed when its line says so.
      assert.doesNotMatch(source, /^(export )?(let|var) (?!.*\/\/ per-bundle cache:)/m, `${i} keeps module state: each bundle would have its own`);
    }
  });
});
