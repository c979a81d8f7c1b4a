import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadProfiles } from '../../../src/containers/catalogReads';
import { getEngine } from '../../../src/containers/engineRegistry';
import { ProfileActions } from '../../../src/containers/profileActions';
import { MAX_YAML_ALIASES } from '../../../src/containers/readYaml';
import { exportProfile, importProfile } from '../../../src/containers/yamlTransfer';
import { openTempCatalog } from '../../../src/store/openTempCatalog';

const CLI = resolve(__dirname, '../../../src/cli/main.js');

describe('hostile input: profiles', function () {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-hostile-profiles-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (catalog: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, '--catalog', catalog, ...args], { encoding: 'utf8', env: { ...process.env, CONTAINER_CATALOG_FILE: '' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('a 1 MB profile YAML whose 99 aliases repeat its anchor is refused by `profiles import`, the catalog untouched', () => {
    const catalog = join(dir, 'aliases.db');
    const seed = join(dir, 'seed.yaml');
    writeFileSync(seed, 'name: seed\nconfig: {}\n');
    assert.equal(cli(catalog, 'profiles', 'import', seed).code, 0);
    const size = statSync(catalog).size;
    // An anchored device of 16 settings of 60 000 characters, and 99 devices that are aliases of it.
    const settings = Array.from({ length: 16 }, (_, i) => `    user.s${i}: ${'x'.repeat(60_000)}\n`).join('');
    const aliases = Array.from({ length: 99 }, (_, i) => `  copy${i}: *big\n`).join('');
    const bomb = join(dir, 'bomb.yaml');
    writeFileSync(bomb, `name: bomb\ndevices:\n  big: &big\n    type: disk\n${settings}${aliases}`);
    assert.ok(statSync(bomb).size < 1_100_000);
    const r = cli(catalog, 'profiles', 'import', bomb);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`aliases \\(\\*name\\) more than ${MAX_YAML_ALIASES} times`));
    assert.equal(statSync(catalog).size, size);
    assert.notEqual(cli(catalog, 'profiles', 'export', 'bomb').code, 0);
  });

  it('a __proto__ config key or device name stays an ordinary key and pollutes no prototype', async () => {
    const t = await openTempCatalog();
    try {
      const local = await getEngine(t.catalog, 'local catalog');
      const yaml = 'name: proto\nconfig:\n  __proto__: polluted\n  constructor: c\ndevices:\n  __proto__:\n    type: disk\n    path: /p\n    polluted: "yes"\n';
      await importProfile(t.catalog, local, yaml);
      const [p] = await t.catalog.read((em) => loadProfiles(em, local.id, ['proto']));
      assert.ok(Object.hasOwn(p.config, '__proto__'), JSON.stringify(p.config));
      assert.equal(Object.getOwnPropertyDescriptor(p.config, '__proto__')?.value, 'polluted');
      assert.equal(Object.getOwnPropertyDescriptor(p.config, 'constructor')?.value, 'c');
      assert.deepEqual(Object.getOwnPropertyDescriptor(p.devices, '__proto__')?.value, { type: 'disk', path: '/p', polluted: 'yes' });
      assert.equal(Object.getPrototypeOf(p.config), Object.prototype);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      // The export writes it back; edits reach it as a key, not as the prototype.
      assert.match(await exportProfile(t.catalog, local, 'proto'), /^ {2}__proto__: polluted$/m);
      const a = new ProfileActions(t.catalog, { certDir: join(dir, 'servercerts') });
      await a.setConfig(local, 'proto', '__proto__', 'edited');
      await a.removeDevice(local, 'proto', '__proto__');
      await assert.rejects(a.removeDevice(local, 'proto', 'constructor'), /has no device constructor/);
      const [edited] = await t.catalog.read((em) => loadProfiles(em, local.id, ['proto']));
      assert.equal(Object.getOwnPropertyDescriptor(edited.config, '__proto__')?.value, 'edited');
      assert.deepEqual(Object.keys(edited.devices), []);
    } finally {
      await t.dispose();
    }
  });
});
