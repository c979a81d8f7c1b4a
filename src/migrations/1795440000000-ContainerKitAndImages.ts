import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recordSchemaVersion } from './recordSchemaVersion';

/**
 * Schema version 1: Container Kit's `registry` and `seeds` (seed 000) with tracked repositories,
 * Wsl-Manager's ImageSource / LocalImage / ImageSourceCache (seed 001), and LXD's bookkeeping tables
 * `schema` and `patches` (seed 002). Append-only: never edit once landed; add a new migration instead.
 */
export class ContainerKitAndImages1795440000000 implements MigrationInterface {
  readonly name = 'ContainerKitAndImages1795440000000';
  static readonly schemaVersion = 1;

  async up(qr: QueryRunner): Promise<void> {
    await qr.query(`CREATE TABLE "schema" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "version" INTEGER NOT NULL,
      "updated_at" DATETIME NOT NULL)`);
    await qr.query(`CREATE UNIQUE INDEX "uq_schema_version" ON "schema" ("version")`);

    await qr.query(`CREATE TABLE "patches" (
      "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
      "name" VARCHAR(255) NOT NULL,
      "applied_at" DATETIME NOT NULL)`);
    await qr.query(`CREATE UNIQUE INDEX "uq_patches_name" ON "patches" ("name")`);

    await qr.query(`CREATE TABLE "seeds" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "name" TEXT NOT NULL,
      "applied" INTEGER NOT NULL DEFAULT 0)`);
    await qr.query(`CREATE UNIQUE INDEX "uq_seeds_name" ON "seeds" ("name")`);

    await qr.query(`CREATE TABLE "registry" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "name" TEXT NOT NULL,
      "url" TEXT NOT NULL,
      "logged_in" INTEGER NOT NULL DEFAULT 0,
      "username" TEXT,
      "verified_at" DATETIME,
      "last_error" TEXT,
      "insecure" INTEGER NOT NULL DEFAULT 0,
      "ca_file" TEXT,
      "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)`);
    await qr.query(`CREATE UNIQUE INDEX "uq_registry_url" ON "registry" ("url")`);

    await qr.query(`CREATE TABLE "registry_repository" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "registry_id" TEXT NOT NULL,
      "name" TEXT NOT NULL,
      "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
      CONSTRAINT "fk_registry_repository_registry" FOREIGN KEY ("registry_id") REFERENCES "registry" ("id") ON DELETE CASCADE)`);
    await qr.query(`CREATE UNIQUE INDEX "uq_registry_repository_registry_name" ON "registry_repository" ("registry_id", "name")`);

    await qr.query(`CREATE TABLE "ImageSource" (
      "Id" TEXT NOT NULL,
      "CreationDate" TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
      "UpdateDate" TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
      "Name" TEXT,
      "Tags" TEXT NOT NULL DEFAULT '',
      "Url" TEXT,
      "Type" TEXT NOT NULL,
      "Configured" TEXT NOT NULL DEFAULT 'FALSE',
      "Username" TEXT,
      "Uid" INTEGER,
      "Distribution" TEXT NOT NULL,
      "Release" TEXT,
      "LocalFilename" TEXT,
      "DigestSource" TEXT,
      "DigestAlgorithm" TEXT DEFAULT 'SHA256',
      "DigestUrl" TEXT,
      "Digest" TEXT,
      "GroupTag" TEXT,
      "Size" INTEGER,
      "Arch" TEXT,
      "Fingerprint" TEXT,
      CONSTRAINT "pk_ImageSource" PRIMARY KEY ("Type", "Distribution", "Tags", "Configured"),
      CONSTRAINT "ck_ImageSource_Configured" CHECK ("Configured" IN ('TRUE', 'FALSE')))`);
    await qr.query(`CREATE UNIQUE INDEX "uq_ImageSource_Id" ON "ImageSource" ("Id")`);
    await qr.query(`CREATE INDEX "ix_ImageSource_Type_GroupTag" ON "ImageSource" ("Type", "GroupTag")`);

    await qr.query(`CREATE TABLE "LocalImage" (
      "Id" TEXT PRIMARY KEY NOT NULL,
      "ImageSourceId" TEXT,
      "CreationDate" TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
      "UpdateDate" TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
      "Name" TEXT NOT NULL,
      "Tags" TEXT,
      "Url" TEXT,
      "State" TEXT NOT NULL DEFAULT 'NotDownloaded',
      "Type" TEXT,
      "Configured" TEXT NOT NULL DEFAULT 'FALSE',
      "Username" TEXT,
      "Uid" INTEGER,
      "Distribution" TEXT,
      "Release" TEXT,
      "LocalFilename" TEXT,
      "DigestSource" TEXT,
      "DigestAlgorithm" TEXT DEFAULT 'SHA256',
      "DigestUrl" TEXT,
      "Digest" TEXT,
      "Size" INTEGER,
      "Arch" TEXT,
      CONSTRAINT "fk_LocalImage_ImageSource" FOREIGN KEY ("ImageSourceId") REFERENCES "ImageSource" ("Id") ON DELETE SET NULL ON UPDATE CASCADE,
      CONSTRAINT "ck_LocalImage_State" CHECK ("State" IN ('Synced', 'NotDownloaded', 'Outdated')),
      CONSTRAINT "ck_LocalImage_Configured" CHECK ("Configured" IN ('TRUE', 'FALSE')))`);
    await qr.query(`CREATE UNIQUE INDEX "uq_LocalImage_ImageSourceId_Name" ON "LocalImage" ("ImageSourceId", "Name")`);
    // SQLite treats NULLs as distinct, so the index above lets orphans (source deleted) repeat a Name.
    await qr.query(`CREATE UNIQUE INDEX "uq_LocalImage_Name_orphan" ON "LocalImage" ("Name") WHERE "ImageSourceId" IS NULL`);
    // Safe delete asks "does another entry still use this file?".
    await qr.query(`CREATE INDEX "ix_LocalImage_LocalFilename" ON "LocalImage" ("LocalFilename")`);

    await qr.query(`CREATE TABLE "ImageSourceCache" (
      "Type" TEXT PRIMARY KEY NOT NULL,
      "Url" TEXT,
      "LastUpdate" INTEGER,
      "Etag" TEXT)`);

    // A trigger, not TypeORM hooks, keeps UpdateDate current: it also covers raw SQL and
    // INSERT … ON CONFLICT DO UPDATE upserts (which fire UPDATE triggers), which hooks never see.
    // A writer that sets UpdateDate itself keeps its value (the WHEN clause).
    for (const [table, key] of [['ImageSource', 'Id'], ['LocalImage', 'Id']] as const) {
      await qr.query(`CREATE TRIGGER "trg_${table}_UpdateDate" AFTER UPDATE ON "${table}" FOR EACH ROW
        WHEN NEW."UpdateDate" IS OLD."UpdateDate"
        BEGIN UPDATE "${table}" SET "UpdateDate" = CURRENT_TIMESTAMP WHERE "${key}" = NEW."${key}"; END`);
    }

    await recordSchemaVersion(qr, ContainerKitAndImages1795440000000.schemaVersion);
  }

  async down(): Promise<void> {
    // The catalog never migrates down: an upgrade is undone by going back to the copy taken before it
    // (catalog.db.old; "Revert Catalog to Before the Last Upgrade").
    throw new Error('catalog migrations are not reversible; use "Revert Catalog to Before the Last Upgrade" (catalog.db.old) instead');
  }
}
