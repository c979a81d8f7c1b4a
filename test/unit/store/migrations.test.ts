import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { Registry } from '../../../src/entities/Registry';
import { catalogEntities } from '../../../src/store/catalogEntities';
import { catalogMigrations, LATEST_SCHEMA_VERSION } from '../../../src/store/catalogMigrations';
import { openCatalog } from '../../../src/store/openCatalog';

const LXD_TABLES = [
  'certificates', 'config', 'containers', 'containers_config', 'containers_devices', 'containers_devices_config',
  'containers_profiles', 'images', 'images_aliases', 'images_properties', 'images_source', 'networks', 'networks_config',
  'patches', 'profiles', 'profiles_config', 'profiles_devices', 'profiles_devices_config', 'schema',
  'storage_pools', 'storage_pools_config', 'storage_volumes', 'storage_volumes_config',
];

describe('catalog migrations and seeds', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cc-mig-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates every table from empty, records each schema version, and sets PRAGMA user_version', async () => {
    const file = join(dir, 'catalog.db');
    const c = await openCatalog({ file, watch: false });
    assert.equal(c.schemaVersion, LATEST_SCHEMA_VERSION);
    await c.close();
    // Read the file with plain sql.js, as another tool would.
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(file));
    const tables = db.exec(`SELECT name FROM sqlite_master WHERE type = 'table'`)[0].values.map((v) => String(v[0]));
    for (const t of [...LXD_TABLES, 'registry', 'registry_repository', 'seeds', 'ImageSource', 'LocalImage', 'ImageSourceCache', 'engines']) {
      assert.ok(tables.includes(t), `missing table ${t}`);
    }
    assert.equal(db.exec('PRAGMA user_version')[0].values[0][0], LATEST_SCHEMA_VERSION);
    const versions = db.exec(`SELECT version FROM "schema" ORDER BY version`)[0].values.map((v) => Number(v[0]));
    assert.deepEqual(versions, catalogMigrations.map((m) => m.schemaVersion));
    assert.deepEqual(versions, versions.map((_, i) => i + 1));
    const engines = db.exec(`SELECT id, kind, name FROM engines`)[0].values;
    assert.deepEqual(engines, [[1, 'catalog', 'local catalog']]);
    db.close();
  });

  it('maps every entity onto the migrated schema (no missing column)', async () => {
    const c = await openCatalog({ file: join(dir, 'catalog.db'), watch: false });
    try {
      await c.read(async (em) => {
        for (const e of catalogEntities) {
          await em.getRepository(e).find({ take: 1 }); // selects every mapped column
        }
      });
    } finally {
      await c.close();
    }
  });

  it('adds the default registries once; a deleted default stays deleted', async () => {
    const file = join(dir, 'catalog.db');
    let c = await openCatalog({ file, watch: false });
    const urls = await c.read((em) => em.find(Registry, { order: { url: 'ASC' } }));
    assert.deepEqual(urls.map((r) => r.url), ['docker.io', 'ghcr.io', 'quay.io']);
    for (const r of urls) assert.match(r.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    await c.write((em) => em.delete(Registry, { url: 'quay.io' }));
    await c.close();
    c = await openCatalog({ file, watch: false });
    const again = await c.read((em) => em.find(Registry, { order: { url: 'ASC' } }));
    assert.deepEqual(again.map((r) => r.url), ['docker.io', 'ghcr.io']);
    const seeds = await c.read((em) => em.query(`SELECT name, applied FROM seeds`));
    assert.deepEqual(seeds, [{ name: '0001_default_registries', applied: 1 }]);
    await c.close();
  });

  it('runs seeds and patches exactly once, in order', async () => {
    const file = join(dir, 'catalog.db');
    const ran: string[] = [];
    const steps = [
      { kind: 'seed' as const, name: 's1', run: async () => { ran.push('s1'); } },
      { kind: 'patch' as const, name: 'p1', run: async () => { ran.push('p1'); } },
      { kind: 'seed' as const, name: 's2', run: async () => { ran.push('s2'); } },
    ];
    await (await openCatalog({ file, watch: false, oneTimeSteps: steps })).close();
    await (await openCatalog({ file, watch: false, oneTimeSteps: steps })).close();
    assert.deepEqual(ran, ['s1', 'p1', 's2']);
    const c = await openCatalog({ file, watch: false, oneTimeSteps: [] });
    const patches = await c.read((em) => em.query(`SELECT name FROM patches`));
    assert.deepEqual(patches, [{ name: 'p1' }]);
    await c.close();
  });

  it('does not record a step that failed, and runs it again next time', async () => {
    const file = join(dir, 'catalog.db');
    let attempts = 0;
    const flaky = { kind: 'patch' as const, name: 'flaky', run: async (em: import('typeorm').EntityManager) => {
      attempts++;
      await em.query(`INSERT INTO "registry" ("id", "name", "url") VALUES ('x', 'x', 'x.example')`);
      if (attempts === 1) throw new Error('first attempt fails');
    } };
    await assert.rejects(openCatalog({ file, watch: false, oneTimeSteps: [flaky] }), /first attempt fails/);
    const c = await openCatalog({ file, watch: false, oneTimeSteps: [flaky] });
    assert.equal(attempts, 2);
    assert.equal(await c.read((em) => em.countBy(Registry, { url: 'x.example' })), 1);
    await c.close();
    assert.ok(!existsSync(`${file}.lock`), 'lock released');
  });
});
