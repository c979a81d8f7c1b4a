import { closeSync, fchmodSync, fchownSync, fsync, lstatSync, openSync, promises as fsp, readlinkSync, realpathSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CatalogReadOnlyError, CatalogSaveError } from './catalogErrors';
import { readOnlyReason } from './writeAccess';

let counter = 0;

/**
 * Replaces `file` with `data` so that a crash at any moment leaves either the old or the new bytes:
 * write a temp file in the same folder, fsync it, rename it over the target, fsync the folder
 * (so the rename itself survives a power cut). Never TypeORM's in-place O_TRUNC autosave.
 * The copy into the page cache is synchronous (one write(2), about 1 ms for 2.5 MB); only the
 * fsyncs and the rename, which wait for the disk, go to the thread pool. Measured faster than
 * FileHandle.writeFile, which makes a thread-pool round trip per 512 KiB chunk.
 *
 * The rename would otherwise make a new file: a symlink is written through to its target (the temp
 * file goes next to the target), and the temp file gets the old file's owner, group and mode before
 * the rename (a `sudo` CLI run must not leave the user's catalog root-owned 0600). A read-only file
 * is refused (CatalogReadOnlyError) and any failure is a CatalogSaveError naming `file`, not the temp.
 */
export async function atomicWrite(file: string, data: Uint8Array): Promise<void> {
  const why = readOnlyReason(file);
  if (why) throw new CatalogReadOnlyError(file, why);
  let target: string;
  try {
    target = writeTarget(file);
  } catch (e) {
    throw new CatalogSaveError(file, e as NodeJS.ErrnoException, true);
  }
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${++counter}.tmp`);
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      keepOwnerAndMode(fd, target);
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      await fsyncFd(fd);
    } finally {
      closeSync(fd);
    }
    await fsp.rename(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new CatalogSaveError(file, e as NodeJS.ErrnoException, true, target);
  }
  try {
    await fsyncDir(dir);
  } catch (e) {
    throw new CatalogSaveError(file, e as NodeJS.ErrnoException, false, target);
  }
}

/** The real file behind `file` (following symlinks, even to a target that does not exist yet). */
function writeTarget(file: string): string {
  let path = resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return realpathSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    let isLink: boolean;
    try {
      isLink = lstatSync(path).isSymbolicLink();
    } catch {
      return path; // does not exist: created here
    }
    if (!isLink) return path;
    path = resolve(dirname(path), readlinkSync(path));
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
}

/** Gives the temp file the replaced file's owner, group and permission bits. */
function keepOwnerAndMode(fd: number, target: string): void {
  let st;
  try {
    st = statSync(target);
  } catch {
    return; // a new file keeps 0600: the catalog holds user names and registry URLs
  }
  if (st.uid !== process.getuid?.() || st.gid !== process.getgid?.()) {
    try {
      fchownSync(fd, st.uid, st.gid);
    } catch {
      // Not root: we may only give our own file a group we belong to; the owner becomes us, as any
      // editor's save would make it. Keep the group if we can, so group members keep their access.
      try { fchownSync(fd, -1, st.gid); } catch { /* not a member: the group becomes ours */ }
    }
  }
  fchmodSync(fd, st.mode & 0o7777);
}

function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
}

async function fsyncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; the rename is as durable as that platform allows.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    await fsyncFd(fd);
  } finally {
    closeSync(fd);
  }
}
