import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recordSchemaVersion } from './recordSchemaVersion';

/**
 * Schema version 4: the outdated check of engine images (#14). An engine image remembers what its source
 * (registry tag or simplestreams alias) served when last checked, and whether that differs from it, so the
 * Containers view and the CLI show "outdated" without asking the network again.
 * Append-only: never edit once landed; add a new migration instead.
 */
export class EngineImageUpdates1795440180000 implements MigrationInterface {
  readonly name = 'EngineImageUpdates1795440180000';
  static readonly schemaVersion = 4;

  async up(qr: QueryRunner): Promise<void> {
    await qr.query(`ALTER TABLE "images" ADD COLUMN "outdated" INTEGER NOT NULL DEFAULT 0`);
    await qr.query(`ALTER TABLE "images" ADD COLUMN "upstream_digest" VARCHAR(255)`);
    await qr.query(`ALTER TABLE "images" ADD COLUMN "upstream_etags" TEXT`);
    await qr.query(`ALTER TABLE "images" ADD COLUMN "upstream_checked_at" DATETIME`);
    await recordSchemaVersion(qr, EngineImageUpdates1795440180000.schemaVersion);
  }

  async down(): Promise<void> {
    throw new Error('catalog migrations are not reversible; use "Revert Catalog to Before the Last Upgrade" (catalog.db.old) instead');
  }
}
