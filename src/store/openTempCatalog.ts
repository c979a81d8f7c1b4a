import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogStore } from './CatalogStore';
import type { OpenCatalogOptions } from './openCatalog';
import { openCatalog } from './openCatalog';

export interface TempCatalog {
  readonly catalog: CatalogStore;
  /** The temp folder holding catalog.db. */
  readonly dir: string;
  /** Closes the catalog and deletes the folder. */
  dispose(): Promise<void>;
}

/**
 * For tests of any capability: a real catalog (real sql.js, migrations, seeds) on a fresh temp file.
 *   const t = await openTempCatalog(); … await t.dispose();
 */
export async function openTempCatalog(options: Partial<OpenCatalogOptions> = {}): Promise<TempCatalog> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-catalog-'));
  const catalog = await openCatalog({ watch: false, ...options, file: options.file ?? join(dir, 'catalog.db') });
  return {
    catalog,
    dir,
    async dispose() {
      await catalog.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
