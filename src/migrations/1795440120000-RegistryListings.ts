import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recordSchemaVersion } from './recordSchemaVersion';

/**
 * Schema version 3: stored registry listings (repositories and tags the user browsed, with when they
 * were read), so the Registries view draws from the catalog at once and keeps working offline.
 * Append-only: never edit once landed; add a new migration instead.
 */
export class RegistryListings1795440120000 implements MigrationInterface {
  readonly name = 'RegistryListings1795440120000';
  static readonly schemaVersion = 3;

  async up(qr: QueryRunner): Promise<void> {
    await qr.query(`CREATE TABLE "registry_listing" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "registry_id" TEXT NOT NULL,
      "scope" TEXT NOT NULL,
      "read_at" DATETIME NOT NULL,
      "next_cursor" TEXT,
      CONSTRAINT "fk_registry_listing_registry" FOREIGN KEY ("registry_id") REFERENCES "registry" ("id") ON DELETE CASCADE)`);
    await qr.query(`CREATE UNIQUE INDEX "uq_registry_listing_registry_scope" ON "registry_listing" ("registry_id", "scope")`);
    await qr.query(`CREATE TABLE "registry_listing_item" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "listing_id" TEXT NOT NULL,
      "position" INTEGER NOT NULL,
      "name" TEXT NOT NULL,
      "digest" TEXT,
      "media_type" TEXT,
      "created" DATETIME,
      "size" INTEGER,
      "platforms" TEXT,
      "detail_error" TEXT,
      CONSTRAINT "fk_registry_listing_item_listing" FOREIGN KEY ("listing_id") REFERENCES "registry_listing" ("id") ON DELETE CASCADE)`);
    await qr.query(`CREATE UNIQUE INDEX "uq_registry_listing_item_listing_name" ON "registry_listing_item" ("listing_id", "name")`);
    await recordSchemaVersion(qr, RegistryListings1795440120000.schemaVersion);
  }

  async down(): Promise<void> {
    throw new Error('catalog migrations are not reversible; use "Revert Catalog to Before the Last Upgrade" (catalog.db.old) instead');
  }
}
