import type { EntityManager } from 'typeorm';
import { v7, validate as isUuid } from 'uuid';
import { Registry } from '../entities/Registry';
import type { Catalog } from '../store/catalog';
import { ForeignDatabaseError, openForeignDatabase, type ForeignDatabase } from '../store/foreignDatabase';
import { importOnce, wasImported } from '../store/importRecord';
import { normalizeRegistryUrl } from './registryUrl';

// Container Kit (seed 000) keeps its registries in a Drizzle `local.db`: `registry (id, name, url,
// logged_in)` and `seeds`. Its seeds name Container Kit's own scripts, so they are not ours to record;
// its logins live in its keychain, not in that file, so a registry it was logged in to comes over as
// "login needed" (not logged in, with a last error that says so) until the user logs in here.

import { LOGIN_NEEDED } from './loginNeeded';

export const CONTAINER_KIT = 'container-kit';

export interface ContainerKitAdd {
  readonly id: string;
  readonly name: string;
  /** The normalised address stored in the catalog. */
  readonly url: string;
  /** Container Kit said logged in: comes over as "login needed". */
  readonly loginNeeded: boolean;
  /** Container Kit's id was not a UUID, so a new v7 id was made. */
  readonly newId: boolean;
}

export interface ContainerKitImport {
  readonly file: string;
  readonly sha256: string;
  readonly dryRun: boolean;
  /** This file's content was imported before: nothing was (or would be) done. */
  readonly alreadyImported: boolean;
  readonly added: readonly ContainerKitAdd[];
  /** Already in the catalog under the same normalised address: left as it is. */
  readonly existing: ReadonlyArray<{ readonly url: string; readonly name: string; readonly catalogName: string }>;
  readonly skipped: ReadonlyArray<{ readonly url: string; readonly name: string; readonly reason: string }>;
}

interface KitRow {
  id: string;
  name: string;
  url: string;
  loggedIn: boolean;
}

/**
 * Imports Container Kit's registries from `file` (never modified: a copy of its bytes is read). With
 * `dryRun` it only says what would change. Otherwise one catalog transaction adds the registries and
 * records the import (by the file's sha256), so the same file imports once.
 */
export async function importContainerKit(catalog: Catalog, file: string, options: { dryRun?: boolean; wasmPath?: string } = {}): Promise<ContainerKitImport> {
  const db = await openForeignDatabase(file, options.wasmPath);
  let rows: KitRow[];
  try {
    rows = readKitRows(db);
  } finally {
    db.close();
  }
  const dryRun = options.dryRun === true;
  const base = { file: db.file, sha256: db.sha256, dryRun };
  if (dryRun) {
    return catalog.read(async (em) => (await wasImported(em, CONTAINER_KIT, db.sha256))
      ? { ...base, alreadyImported: true, added: [], existing: [], skipped: [] }
      : { ...base, alreadyImported: false, ...(await plan(em, rows)) });
  }
  return catalog.write(async (em) => {
    let result: ContainerKitImport = { ...base, alreadyImported: true, added: [], existing: [], skipped: [] };
    await importOnce(em, CONTAINER_KIT, db.sha256, async (tx) => {
      const p = await plan(tx, rows);
      for (const a of p.added) {
        await tx.insert(Registry, {
          id: a.id, name: a.name, url: a.url, loggedIn: false, username: null, verifiedAt: null,
          lastError: a.loginNeeded ? LOGIN_NEEDED : null, insecure: false, caFile: null,
        });
      }
      result = { ...base, alreadyImported: false, ...p };
    });
    return result;
  });
}

/** Container Kit's rows, or a refusal naming what the file is instead. */
function readKitRows(db: ForeignDatabase): KitRow[] {
  if (db.tables.includes('schema') && db.tables.includes('migrations')) {
    throw new ForeignDatabaseError(db.file, 'it is a Container Catalog catalog, not Container Kit\'s local.db');
  }
  const need = ['id', 'name', 'url', 'logged_in'];
  const columns = db.tables.includes('registry') ? db.columns('registry') : [];
  const missing = need.filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new ForeignDatabaseError(db.file, `it is not Container Kit's local.db (tables: ${db.tables.join(', ') || 'none'}; ` +
      `expected a "registry" table with ${need.join(', ')}${columns.length ? `, missing ${missing.join(', ')}` : ''})`);
  }
  return db.rows(`SELECT "id", "name", "url", "logged_in" FROM "registry" ORDER BY rowid`).map((r) => ({
    id: typeof r.id === 'string' ? r.id : String(r.id ?? ''),
    name: typeof r.name === 'string' ? r.name : String(r.name ?? ''),
    url: typeof r.url === 'string' ? r.url : String(r.url ?? ''),
    loggedIn: r.logged_in === 1 || r.logged_in === '1' || r.logged_in === 'true',
  }));
}

/** What importing `rows` into the catalog open on `em` does; the same for a dry run and the real one. */
async function plan(em: EntityManager, rows: readonly KitRow[]): Promise<Pick<ContainerKitImport, 'added' | 'existing' | 'skipped'>> {
  const ours = await em.find(Registry);
  const byUrl = new Map(ours.map((r) => [normalisedOrSelf(r.url), r]));
  const ids = new Set(ours.map((r) => r.id.toLowerCase()));
  const added: ContainerKitAdd[] = [];
  const existing: Array<{ url: string; name: string; catalogName: string }> = [];
  const skipped: Array<{ url: string; name: string; reason: string }> = [];
  const taken = new Map<string, string>();
  for (const row of rows) {
    let url: string;
    try {
      url = normalizeRegistryUrl(row.url).key;
    } catch (e) {
      skipped.push({ url: row.url, name: row.name, reason: (e as Error).message });
      continue;
    }
    const name = row.name.trim() || url;
    const ourRow = byUrl.get(url);
    if (ourRow) {
      existing.push({ url, name, catalogName: ourRow.name });
      continue;
    }
    const first = taken.get(url);
    if (first !== undefined) {
      skipped.push({ url: row.url, name, reason: `the same registry as "${first}" above (${url})` });
      continue;
    }
    const keep = isUuid(row.id) && !ids.has(row.id.toLowerCase());
    if (isUuid(row.id) && !keep) {
      skipped.push({ url: row.url, name, reason: `its id ${row.id} is already used by another registry of the catalog` });
      continue;
    }
    const id = keep ? row.id : v7();
    ids.add(id);
    taken.set(url, name);
    added.push({ id, name, url, loginNeeded: row.loggedIn, newId: !keep });
  }
  return { added, existing, skipped };
}

function normalisedOrSelf(url: string): string {
  try {
    return normalizeRegistryUrl(url).key;
  } catch {
    return url;
  }
}
