import type { MigrationInterface } from 'typeorm';
import { ContainerKitAndImages1795440000000 } from '../migrations/1795440000000-ContainerKitAndImages';
import { LxdModelAndEngines1795440060000 } from '../migrations/1795440060000-LxdModelAndEngines';
import { RegistryListings1795440120000 } from '../migrations/1795440120000-RegistryListings';
import { EngineImageUpdates1795440180000 } from '../migrations/1795440180000-EngineImageUpdates';

/** A migration class that also states the schema version it brings the file to. */
export interface CatalogMigrationClass {
  new (): MigrationInterface;
  readonly schemaVersion: number;
}

/** All schema migrations, oldest first. Append only; each one's schemaVersion is the previous + 1. */
export const catalogMigrations: readonly CatalogMigrationClass[] = [
  ContainerKitAndImages1795440000000,
  LxdModelAndEngines1795440060000,
  RegistryListings1795440120000,
  EngineImageUpdates1795440180000,
];

/** The schema version this build writes; a file with a higher PRAGMA user_version is refused. */
export const LATEST_SCHEMA_VERSION = catalogMigrations[catalogMigrations.length - 1].schemaVersion;
