import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recordSchemaVersion } from './recordSchemaVersion';

/**
 * Schema version 2: LXD's tables (seed 002) plus `engines`. Containers, profiles, networks, images,
 * storage pools (and, because one client certificate is usually trusted by several engines,
 * certificates and server config) carry a NOT NULL `engine_id`; names are unique per engine.
 * Row 1 of `engines` is the built-in "local catalog" for catalog-only definitions.
 * Append-only: never edit once landed; add a new migration instead.
 */
export class LxdModelAndEngines1795440060000 implements MigrationInterface {
  readonly name = 'LxdModelAndEngines1795440060000';
  static readonly schemaVersion = 2;

  async up(qr: QueryRunner): Promise<void> {
    const q = (sql: string) => qr.query(sql);
    const fk = (name: string, col: string, ref: string, action: string) =>
      `CONSTRAINT "${name}" FOREIGN KEY ("${col}") REFERENCES "${ref}" ("id")${action ? ` ON DELETE ${action}` : ''}`;
    // LXD's key/value tables all have the same shape: (id, <owner>_id, key, value), unique per owner.
    const kvTable = async (table: string, owner: string, ownerTable: string, valueType = 'TEXT') => {
      await q(`CREATE TABLE "${table}" (
        "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        "${owner}" INTEGER NOT NULL,
        "key" VARCHAR(255) NOT NULL,
        "value" ${valueType},
        ${fk(`fk_${table}_${owner}`, owner, ownerTable, 'CASCADE')})`);
      await q(`CREATE UNIQUE INDEX "uq_${table}_key" ON "${table}" ("${owner}", "key")`);
    };

    await q(`CREATE TABLE "engines" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "kind" TEXT NOT NULL,
      "name" TEXT NOT NULL,
      "endpoint" TEXT,
      "client_cert" TEXT,
      "client_key" TEXT,
      "last_sync_at" DATETIME,
      "last_error" TEXT,
      "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
      CONSTRAINT "ck_engines_kind" CHECK ("kind" IN ('lxd', 'podman', 'docker', 'catalog')))`);
    await q(`CREATE UNIQUE INDEX "uq_engines_name" ON "engines" ("name")`);
    await q(`INSERT INTO "engines" ("id", "kind", "name") VALUES (1, 'catalog', 'local catalog')`);
    // Deleting it would cascade away every catalog-only definition.
    await q(`CREATE TRIGGER "trg_engines_keep_local_catalog" BEFORE DELETE ON "engines" FOR EACH ROW WHEN OLD."id" = 1
      BEGIN SELECT RAISE(ABORT, 'the built-in local catalog engine cannot be deleted'); END`);

    await q(`CREATE TABLE "certificates" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "engine_id" INTEGER NOT NULL,
      "fingerprint" VARCHAR(255) NOT NULL,
      "type" INTEGER NOT NULL,
      "name" VARCHAR(255) NOT NULL,
      "certificate" TEXT NOT NULL,
      ${fk('fk_certificates_engine', 'engine_id', 'engines', 'CASCADE')})`);
    await q(`CREATE UNIQUE INDEX "uq_certificates_engine_fingerprint" ON "certificates" ("engine_id", "fingerprint")`);

    await q(`CREATE TABLE "config" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "engine_id" INTEGER NOT NULL,
      "key" VARCHAR(255) NOT NULL,
      "value" TEXT,
      ${fk('fk_config_engine', 'engine_id', 'engines', 'CASCADE')})`);
    await q(`CREATE UNIQUE INDEX "uq_config_engine_key" ON "config" ("engine_id", "key")`);

    // Snapshots are rows of type 1 named `parent/snap` (LXD's model) with parent_id → their container.
    await q(`CREATE TABLE "containers" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "engine_id" INTEGER NOT NULL,
      "name" VARCHAR(255) NOT NULL,
      "architecture" INTEGER NOT NULL,
      "type" INTEGER NOT NULL DEFAULT 0,
      "ephemeral" INTEGER NOT NULL DEFAULT 0,
      "stateful" INTEGER NOT NULL DEFAULT 0,
      "creation_date" DATETIME,
      "last_use_date" DATETIME,
      "parent_id" INTEGER,
      "description" TEXT,
      ${fk('fk_containers_engine', 'engine_id', 'engines', 'CASCADE')},
      ${fk('fk_containers_parent', 'parent_id', 'containers', 'CASCADE')},
      CONSTRAINT "ck_containers_type" CHECK ("type" IN (0, 1)))`);
    await q(`CREATE UNIQUE INDEX "uq_containers_engine_name" ON "containers" ("engine_id", "name")`);
    await q(`CREATE INDEX "ix_containers_parent" ON "containers" ("parent_id")`);

    await kvTable('containers_config', 'container_id', 'containers');
    await q(`CREATE INDEX "ix_containers_config_key_value" ON "containers_config" ("key", "value")`);

    await q(`CREATE TABLE "containers_devices" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "container_id" INTEGER NOT NULL,
      "name" VARCHAR(255) NOT NULL,
      "type" INTEGER NOT NULL DEFAULT 0,
      ${fk('fk_containers_devices_container_id', 'container_id', 'containers', 'CASCADE')})`);
    await q(`CREATE UNIQUE INDEX "uq_containers_devices_name" ON "containers_devices" ("container_id", "name")`);

    await kvTable('containers_devices_config', 'container_device_id', 'containers_devices');
    // "Which containers use br0": nic devices whose `network` or `parent` equals the name.
    await q(`CREATE INDEX "ix_containers_devices_config_key_value" ON "containers_devices_config" ("key", "value")`);

    await q(`CREATE TABLE "profiles" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "engine_id" INTEGER NOT NULL,
      "name" VARCHAR(255) NOT NULL,
      "description" TEXT,
      ${fk('fk_profiles_engine', 'engine_id', 'engines', 'CASCADE')})`);
    await q(`CREATE UNIQUE INDEX "uq_profiles_engine_name" ON "profiles" ("engine_id", "name")`);

    await kvTable('profiles_config', 'profile_id', 'profiles', 'VARCHAR(255)');
    await q(`CREATE INDEX "ix_profiles_config_key_value" ON "profiles_config" ("key", "value")`);

    await q(`CREATE TABLE "profiles_devices" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "profile_id" INTEGER NOT NULL,
      "name" VARCHAR(255) NOT NULL,
      "type" INTEGER NOT NULL DEFAULT 0,
      ${fk('fk_profiles_devices_profile_id', 'profile_id', 'profiles', 'CASCADE')})`);
    await q(`CREATE UNIQUE INDEX "uq_profiles_devices_name" ON "profiles_devices" ("profile_id", "name")`);

    await kvTable('profiles_devices_config', 'profile_device_id', 'profiles_devices');
    await q(`CREATE INDEX "ix_profiles_devices_config_key_value" ON "profiles_devices_config" ("key", "value")`);

    // No ON DELETE on profile_id: a profile still applied to a container cannot be deleted (as in LXD).
    // NO ACTION (checked at statement end) still lets an engine delete cascade through both sides.
    await q(`CREATE TABLE "containers_profiles" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "container_id" INTEGER NOT NULL,
      "profile_id" INTEGER NOT NULL,
      "apply_order" INTEGER NOT NULL DEFAULT 0,
      ${fk('fk_containers_profiles_container_id', 'container_id', 'containers', 'CASCADE')},
      ${fk('fk_containers_profiles_profile_id', 'profile_id', 'profiles', '')})`);
    await q(`CREATE UNIQUE INDEX "uq_containers_profiles_container_profile" ON "containers_profiles" ("container_id", "profile_id")`);
    await q(`CREATE INDEX "ix_containers_profiles_profile" ON "containers_profiles" ("profile_id")`);

    await q(`CREATE TABLE "images" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "engine_id" INTEGER NOT NULL,
      "cached" INTEGER NOT NULL DEFAULT 0,
      "fingerprint" VARCHAR(255) NOT NULL,
      "filename" VARCHAR(255) NOT NULL,
      "size" INTEGER NOT NULL,
      "public" INTEGER NOT NULL DEFAULT 0,
      "auto_update" INTEGER NOT NULL DEFAULT 0,
      "architecture" INTEGER NOT NULL,
      "creation_date" DATETIME,
      "expiry_date" DATETIME,
      "upload_date" DATETIME NOT NULL,
      "last_use_date" DATETIME,
      ${fk('fk_images_engine', 'engine_id', 'engines', 'CASCADE')})`);
    await q(`CREATE UNIQUE INDEX "uq_images_engine_fingerprint" ON "images" ("engine_id", "fingerprint")`);

    await q(`CREATE TABLE "images_aliases" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "name" VARCHAR(255) NOT NULL,
      "image_id" INTEGER NOT NULL,
      "description" VARCHAR(255),
      ${fk('fk_images_aliases_image_id', 'image_id', 'images', 'CASCADE')})`);
    await q(`CREATE UNIQUE INDEX "uq_images_aliases_image_name" ON "images_aliases" ("image_id", "name")`);
    await q(`CREATE INDEX "ix_images_aliases_name" ON "images_aliases" ("name")`);

    await q(`CREATE TABLE "images_properties" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "image_id" INTEGER NOT NULL,
      "type" INTEGER NOT NULL DEFAULT 0,
      "key" VARCHAR(255) NOT NULL,
      "value" TEXT,
      ${fk('fk_images_properties_image_id', 'image_id', 'images', 'CASCADE')})`);
    await q(`CREATE INDEX "ix_images_properties_image_key" ON "images_properties" ("image_id", "key")`);

    await q(`CREATE TABLE "images_source" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "image_id" INTEGER NOT NULL,
      "server" TEXT NOT NULL,
      "protocol" INTEGER NOT NULL DEFAULT 0,
      "certificate" TEXT,
      "alias" VARCHAR(255) NOT NULL,
      ${fk('fk_images_source_image_id', 'image_id', 'images', 'CASCADE')})`);
    await q(`CREATE INDEX "ix_images_source_image" ON "images_source" ("image_id")`);

    await q(`CREATE TABLE "networks" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "engine_id" INTEGER NOT NULL,
      "name" VARCHAR(255) NOT NULL,
      "description" TEXT,
      ${fk('fk_networks_engine', 'engine_id', 'engines', 'CASCADE')})`);
    await q(`CREATE UNIQUE INDEX "uq_networks_engine_name" ON "networks" ("engine_id", "name")`);
    await kvTable('networks_config', 'network_id', 'networks');

    await q(`CREATE TABLE "storage_pools" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "engine_id" INTEGER NOT NULL,
      "name" VARCHAR(255) NOT NULL,
      "driver" VARCHAR(255) NOT NULL,
      ${fk('fk_storage_pools_engine', 'engine_id', 'engines', 'CASCADE')})`);
    await q(`CREATE UNIQUE INDEX "uq_storage_pools_engine_name" ON "storage_pools" ("engine_id", "name")`);
    await kvTable('storage_pools_config', 'storage_pool_id', 'storage_pools');

    await q(`CREATE TABLE "storage_volumes" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "storage_pool_id" INTEGER NOT NULL,
      "name" VARCHAR(255) NOT NULL,
      "type" INTEGER NOT NULL,
      "description" TEXT,
      ${fk('fk_storage_volumes_storage_pool_id', 'storage_pool_id', 'storage_pools', 'CASCADE')})`);
    await q(`CREATE UNIQUE INDEX "uq_storage_volumes_pool_name_type" ON "storage_volumes" ("storage_pool_id", "name", "type")`);
    await kvTable('storage_volumes_config', 'storage_volume_id', 'storage_volumes');

    await recordSchemaVersion(qr, LxdModelAndEngines1795440060000.schemaVersion);
  }

  async down(): Promise<void> {
    throw new Error('catalog migrations are not reversible; use "Revert Catalog to Before the Last Upgrade" (catalog.db.old) instead');
  }
}
