import { promises as fsp, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * What a view last showed, kept next to the catalog (`catalog.db.view-<view>.json`) so that the view's
 * first paint in the next window need not wait for the catalog to open (reading and loading a 23 MB file
 * takes a second or more on a loaded machine). The face draws it, then redraws from the catalog as soon as
 * it is open. It is tied to one version of the catalog file: written with the file's identity, and read
 * only while the file still has it, so a catalog changed by another program, another build or a restore
 * is never drawn from an older copy. Tree nodes are data, so the copy is the nodes themselves; the face
 * decides which nodes are kept and strips what must not be written here (keys, live state).
 */
export interface KeptView<T> {
  /** The view's filter, sort and grouping when it was kept; another query draws from the catalog. */
  readonly query: string;
  /** Children by parent id ('' for the top level), as the view handed them to VS Code. */
  readonly children: Readonly<Record<string, readonly T[]>>;
}

/** The catalog file's identity: an atomic save makes a new inode; a write in place changes mtime and ctime. */
interface FileStamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

interface KeptFile<T> extends KeptView<T> {
  readonly format: 1;
  readonly catalog: FileStamp;
}

export function keptViewPath(catalogFile: string, view: string): string {
  return join(dirname(catalogFile), `${basename(catalogFile)}.view-${view.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
}

/** The view as kept, if it was kept from the catalog file as it is now; undefined otherwise (never throws). */
export function readKeptView<T>(catalogFile: string, view: string): KeptView<T> | undefined {
  const now = stampOf(catalogFile);
  if (!now) return undefined;
  let kept: Partial<KeptFile<T>> | null;
  try {
    kept = JSON.parse(readFileSync(keptViewPath(catalogFile, view), 'utf8')) as Partial<KeptFile<T>> | null;
  } catch {
    return undefined;
  }
  if (typeof kept !== 'object' || kept === null || kept.format !== 1 || typeof kept.query !== 'string') return undefined;
  if (typeof kept.children !== 'object' || kept.children === null || !Array.isArray(kept.children[''])) return undefined;
  const c = kept.catalog;
  if (!c || c.ino !== now.ino || c.size !== now.size || c.mtimeMs !== now.mtimeMs || c.ctimeMs !== now.ctimeMs) return undefined;
  return { query: kept.query, children: kept.children };
}

/**
 * Keeps `view` as drawn from the catalog file as it is now (the caller keeps only what it read from that
 * version). Asynchronous and never throws: the copy only speeds up a first paint.
 */
export async function writeKeptView<T>(catalogFile: string, view: string, kept: KeptView<T>): Promise<boolean> {
  const stamp = stampOf(catalogFile);
  if (!stamp) return false;
  const path = keptViewPath(catalogFile, view);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const body: KeptFile<T> = { format: 1, catalog: stamp, query: kept.query, children: kept.children };
  try {
    await fsp.writeFile(tmp, JSON.stringify(body), { mode: 0o600 });
    await fsp.rename(tmp, path);
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}

function stampOf(file: string): FileStamp | undefined {
  try {
    const st = statSync(file);
    return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
  } catch {
    return undefined;
  }
}
