import { dirname, join } from 'node:path';

/** The `images/` folder next to catalog.db in the global storage: where local images live. */
export function imagesFolderFor(catalogFile: string): string {
  return join(dirname(catalogFile), 'images');
}
