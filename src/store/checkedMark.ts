import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * The mark kept next to the catalog (`catalog.db.checked`) that names the one version of the file this
 * program last wrote or fully checked: its size and the SHA-256 of all its bytes. openCatalog skips the
 * `PRAGMA quick_check` over every page (330–660 ms at 20,000 image sources) only for a file whose bytes
 * hash to the mark, so a byte changed anywhere, a file cut short or another SQLite database of the same
 * size is checked as before. The hash is node:crypto's, on the calling thread (14–18 ms for 23 MB on the
 * 2-core test machine). WebCrypto's digest, used before to keep the host's thread free, copies its input on
 * that thread first: 18–150 ms per call there (a fresh 23 MB allocation's page faults), and 314 ms of
 * HashJob samples on the host's thread in one first-paint profile. Size, inode or mtime alone would not do:
 * a copy or an edit can keep them, and a restored backup changes them without changing the bytes.
 * The mark is a cache: lost, stale or unreadable, it only means one more full check.
 */
interface CheckedMark {
  readonly size: number;
  readonly sha256: string;
}

/** Next to the real file, where saves go (atomicWrite writes through a symlink), so every path to it shares one mark. */
export function checkedMarkPath(file: string): string {
  return `${realPathOf(file)}.checked`;
}

/** SHA-256 of `bytes`, hex. */
export function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Records that the file's content, `size` bytes hashing to `digest` (as written, or as read and checked),
 * is known good. Never throws: a read-only folder or a full disk only costs the next open a check.
 */
export function writeCheckedMark(file: string, size: number, digest: string): void {
  const mark: CheckedMark = { size, sha256: digest };
  const path = checkedMarkPath(file);
  // Named like the saves' temp files, so removeLeftoverTempFiles clears one left by a crash; renamed into
  // place so another process never reads half a mark (which would only cost it a check).
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  try {
    writeFileSync(tmp, JSON.stringify(mark), { mode: 0o600 });
    renameSync(tmp, path);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** True when the mark names exactly the bytes of this size and digest (digestOf, computed once by the caller). */
export function matchesCheckedMark(file: string, size: number, digest: string): boolean {
  let mark: Partial<CheckedMark> | null;
  try {
    mark = JSON.parse(readFileSync(checkedMarkPath(file), 'utf8')) as Partial<CheckedMark> | null;
  } catch {
    return false;
  }
  return typeof mark === 'object' && mark !== null && mark.size === size && mark.sha256 === digest;
}

function realPathOf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
