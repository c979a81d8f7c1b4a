import * as assert from 'node:assert/strict';
import { v7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { Container } from '../../../src/entities/Container';
import { Engine, LOCAL_CATALOG_ENGINE_ID } from '../../../src/entities/Engine';
import { ImageSource } from '../../../src/entities/ImageSource';
import { LocalImage } from '../../../src/entities/LocalImage';
import { Registry } from '../../../src/entities/Registry';
import type { TempCatalog } from '../../../src/store/openTempCatalog';
import { openTempCatalog } from '../../../src/store/openTempCatalog';

async function count(em: EntityManager, table: string): Promise<number> {
  const [row] = (await em.query(`SELECT count(*) AS n FROM "${table}"`)) as Array<{ n: number }>;
  return row.n;
}

function source(over: Partial<ImageSource> = {}): Partial<ImageSource> {
  return { id: v7(), type: 'Incus', distribution: 'ubuntu', tags: '24.04', configured: 'FALSE', name: 'ubuntu 24.04', ...over };
}

describe('catalog constraints (real sql.js)', () => {
  let t: TempCatalog;
  beforeEach(async () => { t = await openTempCatalog(); });
  afterEach(async () => { await t.dispose(); });

  it('keeps registry urls unique and fills defaults', async () => {
    await t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'local', url: '127.0.0.1:5000' }));
    await assert.rejects(
      t.catalog.write((em) => em.insert(Registry, { id: v7(), name: 'again', url: '127.0.0.1:5000' })),
      /UNIQUE constraint failed: registry\.url/,
    );
    const r = await t.catalog.read((em) => em.findOneByOrFail(Registry, { url: '127.0.0.1:5000' }));
    assert.equal(r.loggedIn, false);
    assert.equal(r.insecure, false);
    assert.ok(r.createdAt instanceof Date && !Number.isNaN(r.createdAt.getTime()));
  });

  it('enforces ImageSource (Type, Distribution, Tags, Configured) and unique Id', async () => {
    await t.catalog.write((em) => em.insert(ImageSource, source()));
    await assert.rejects(t.catalog.write((em) => em.insert(ImageSource, source())), /UNIQUE constraint failed: ImageSource\.Type/);
    // Another Configured value is another key.
    await t.catalog.write((em) => em.insert(ImageSource, source({ configured: 'TRUE' })));
    const id = v7();
    await t.catalog.write((em) => em.insert(ImageSource, source({ id, tags: '22.04' })));
    await assert.rejects(t.catalog.write((em) => em.insert(ImageSource, source({ id, tags: '20.04' }))), /UNIQUE constraint failed: ImageSource\.Id/);
    await assert.rejects(t.catalog.write((em) => em.insert(ImageSource, source({ configured: 'yes' }))), /CHECK constraint failed/);
  });

  it('sets LocalImage.ImageSourceId to NULL when the source is deleted, and keeps orphans unique by Name', async () => {
    const a = v7();
    const b = v7();
    await t.catalog.write(async (em) => {
      await em.insert(ImageSource, [source({ id: a }), source({ id: b, tags: '22.04' })]);
      await em.insert(LocalImage, [
        { id: v7(), imageSourceId: a, name: 'ubuntu' },
        { id: v7(), imageSourceId: b, name: 'ubuntu' },
        { id: v7(), imageSourceId: b, name: 'other' },
      ]);
    });
    await assert.rejects(
      t.catalog.write((em) => em.insert(LocalImage, { id: v7(), imageSourceId: a, name: 'ubuntu' })),
      /UNIQUE constraint failed: LocalImage\.ImageSourceId, LocalImage\.Name/,
    );
    await t.catalog.write((em) => em.delete(ImageSource, { id: a }));
    const orphans = await t.catalog.read((em) => em.findBy(LocalImage, { name: 'ubuntu' }));
    assert.equal(orphans.length, 2);
    assert.equal(orphans.filter((o) => o.imageSourceId === null).length, 1);
    // A second orphan with the same Name is refused: both when inserted and when a delete would create it.
    await assert.rejects(
      t.catalog.write((em) => em.insert(LocalImage, { id: v7(), imageSourceId: null, name: 'ubuntu' })),
      /UNIQUE constraint failed: LocalImage\.Name/,
    );
    await assert.rejects(t.catalog.write((em) => em.delete(ImageSource, { id: b })), /UNIQUE constraint failed: LocalImage\.Name/);
    // The failed delete changed nothing.
    assert.equal(await t.catalog.read((em) => count(em, 'ImageSource')), 1);
    assert.equal(await t.catalog.read((em) => em.countBy(LocalImage, { imageSourceId: b })), 2);
  });

  it('maintains UpdateDate through a trigger, also for raw upserts', async () => {
    const id = v7();
    await t.catalog.write((em) => em.query(
      `INSERT INTO "ImageSource" ("Id", "Type", "Distribution", "Tags", "UpdateDate") VALUES (?, 'Builtin', 'alpine', 'latest', '2000-01-01 00:00:00')`, [id]));
    await t.catalog.write((em) => em.query(
      `INSERT INTO "ImageSource" ("Id", "Type", "Distribution", "Tags") VALUES (?, 'Builtin', 'alpine', 'latest')
       ON CONFLICT ("Type", "Distribution", "Tags", "Configured") DO UPDATE SET "Digest" = 'abc'`, [v7()]));
    const row = await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { id }));
    assert.equal(row.digest, 'abc');
    assert.notEqual(row.updateDate, '2000-01-01 00:00:00');
    assert.ok(row.updateDate >= row.creationDate.slice(0, 10));
    // TypeORM updates are covered by the same trigger.
    await t.catalog.write((em) => em.query(`UPDATE "ImageSource" SET "UpdateDate" = '2000-01-01 00:00:00' WHERE "Id" = ?`, [id]));
    await t.catalog.write((em) => em.update(ImageSource, { id }, { size: 42 }));
    const again = await t.catalog.read((em) => em.findOneByOrFail(ImageSource, { id }));
    assert.equal(again.size, 42);
    assert.notEqual(again.updateDate, '2000-01-01 00:00:00');
  });

  it('makes container, profile, network, image and pool names unique per engine, not globally', async () => {
    const other = await t.catalog.write(async (em) => (await em.insert(Engine, { kind: 'lxd', name: 'lab', endpoint: '/run/lxd.socket' })).identifiers[0].id as number);
    const tables: Array<[string, string, string]> = [
      ['containers', '"engine_id", "name", "architecture"', '?, \'web\', 2'],
      ['profiles', '"engine_id", "name"', '?, \'default\''],
      ['networks', '"engine_id", "name"', '?, \'br0\''],
      ['images', '"engine_id", "fingerprint", "filename", "size", "architecture", "upload_date"', '?, \'abc\', \'f\', 1, 2, \'2026-01-01\''],
      ['storage_pools', '"engine_id", "name", "driver"', '?, \'default\', \'dir\''],
    ];
    for (const [table, cols, vals] of tables) {
      await t.catalog.write(async (em) => {
        await em.query(`INSERT INTO "${table}" (${cols}) VALUES (${vals})`, [LOCAL_CATALOG_ENGINE_ID]);
        await em.query(`INSERT INTO "${table}" (${cols}) VALUES (${vals})`, [other]);
      });
      await assert.rejects(
        t.catalog.write((em) => em.query(`INSERT INTO "${table}" (${cols}) VALUES (${vals})`, [other])),
        new RegExp(`UNIQUE constraint failed: ${table}\\.engine_id`),
      );
      await assert.rejects(
        t.catalog.write((em) => em.query(`INSERT INTO "${table}" (${cols}) VALUES (${vals})`, [999])),
        /FOREIGN KEY constraint failed/,
      );
    }
    await assert.rejects(t.catalog.write((em) => em.query(`INSERT INTO "containers" ("name", "architecture") VALUES ('x', 2)`)), /NOT NULL constraint failed: containers\.engine_id/);
    // The built-in engine cannot go; deleting another engine removes its rows.
    await assert.rejects(t.catalog.write((em) => em.delete(Engine, { id: LOCAL_CATALOG_ENGINE_ID })), /local catalog engine cannot be deleted/);
    await t.catalog.write((em) => em.delete(Engine, { id: other }));
    for (const [table] of tables) {
      assert.equal(await t.catalog.read((em) => count(em, table)), 1, table);
    }
  });

  it('cascades a container delete to config, devices, device config, profile links and snapshots', async () => {
    await t.catalog.write(async (em) => {
      await em.query(`INSERT INTO "profiles" ("id", "engine_id", "name") VALUES (1, 1, 'default')`);
      await em.query(`INSERT INTO "containers" ("id", "engine_id", "name", "architecture") VALUES (1, 1, 'web', 2), (3, 1, 'db', 2)`);
      await em.query(`INSERT INTO "containers" ("id", "engine_id", "name", "architecture", "type", "parent_id") VALUES (2, 1, 'web/snap0', 2, 1, 1)`);
      await em.query(`INSERT INTO "containers_config" ("container_id", "key", "value") VALUES (1, 'limits.cpu', '2'), (2, 'limits.cpu', '1'), (3, 'limits.cpu', '4')`);
      await em.query(`INSERT INTO "containers_devices" ("id", "container_id", "name", "type") VALUES (1, 1, 'eth0', 1), (2, 3, 'eth0', 1)`);
      await em.query(`INSERT INTO "containers_devices_config" ("container_device_id", "key", "value") VALUES (1, 'network', 'br0'), (1, 'name', 'eth0'), (2, 'network', 'br0')`);
      await em.query(`INSERT INTO "containers_profiles" ("container_id", "profile_id", "apply_order") VALUES (1, 1, 0), (3, 1, 0)`);
    });
    // A profile still applied cannot be deleted.
    await assert.rejects(t.catalog.write((em) => em.query(`DELETE FROM "profiles" WHERE "id" = 1`)), /FOREIGN KEY constraint failed/);
    const snaps = await t.catalog.read((em) => em.find(Container, { where: { parentId: 1 } }));
    assert.deepEqual(snaps.map((s) => s.name), ['web/snap0']);
    await t.catalog.write((em) => em.delete(Container, { id: 1 }));
    const left = await t.catalog.read(async (em) => ({
      containers: await count(em, 'containers'),
      config: await count(em, 'containers_config'),
      devices: await count(em, 'containers_devices'),
      deviceConfig: await count(em, 'containers_devices_config'),
      links: await count(em, 'containers_profiles'),
    }));
    assert.deepEqual(left, { containers: 1, config: 1, devices: 1, deviceConfig: 1, links: 1 });
  });

  it('keeps a tracked repository unique per registry and removes it with the registry', async () => {
    const id = v7();
    await t.catalog.write(async (em) => {
      await em.insert(Registry, { id, name: 'hub', url: 'hub.local' });
      await em.query(`INSERT INTO "registry_repository" ("id", "registry_id", "name") VALUES (?, ?, 'library/alpine')`, [v7(), id]);
    });
    await assert.rejects(
      t.catalog.write((em) => em.query(`INSERT INTO "registry_repository" ("id", "registry_id", "name") VALUES (?, ?, 'library/alpine')`, [v7(), id])),
      /UNIQUE constraint failed: registry_repository\.registry_id, registry_repository\.name/,
    );
    await t.catalog.write((em) => em.delete(Registry, { id }));
    assert.equal(await t.catalog.read((em) => count(em, 'registry_repository')), 0);
  });

  it('rolls a failed write back completely', async () => {
    await assert.rejects(t.catalog.write(async (em) => {
      await em.insert(Registry, { id: v7(), name: 'a', url: 'a.example' });
      throw new Error('boom');
    }), /boom/);
    assert.equal(await t.catalog.read((em) => em.countBy(Registry, { url: 'a.example' })), 0);
  });
});
