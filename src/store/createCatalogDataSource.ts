import { DataSource } from 'typeorm';
import type { SqlJsStatic } from 'sql.js';
import type { Logger } from '../shared/logger';
import { catalogEntities } from './catalogEntities';
import type { CatalogMigrationClass } from './catalogMigrations';

/**
 * A TypeORM DataSource over sql.js holding `bytes` (or a new, empty database). sql.js writes into the
 * array it is given (a Node Buffer is not even copied), so callers pass bytes they do not keep.
 */
export async function createCatalogDataSource(SQL: SqlJsStatic, bytes: Uint8Array | undefined, migrations: readonly CatalogMigrationClass[], log: Logger): Promise<DataSource> {
  const ds = new DataSource({
    type: 'sqljs',
    // The initialised module: TypeORM uses it as is instead of require('sql.js') (absent in the VSIX).
    driver: SQL,
    database: bytes,
    entities: [...catalogEntities],
    migrations: [...migrations],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    // TypeORM's own messages go to our log at debug level (by default it prints migration failures
    // to the console); failures that matter are reported by openCatalog itself.
    logger: {
      logQuery: () => undefined,
      logQueryError: (error: string | Error, query: string) => log.debug(`query failed: ${String(error)} — ${query}`),
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: (message: string) => log.debug(message),
      log: (_level: 'log' | 'info' | 'warn', message: unknown) => log.debug(String(message)),
    },
  });
  await ds.initialize();
  // TypeORM keeps the initial bytes in its options and driver for ever, though sql.js has its own copy by
  // now: a second copy of the whole file (47 MB at 20,000 containers) that would outlive even the idle close.
  (ds.options as { database?: Uint8Array }).database = undefined;
  (ds.driver as unknown as { database?: unknown }).database = undefined;
  return ds;
}
