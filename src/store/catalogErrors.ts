/** The file was written by a newer build (higher schema version); nothing was opened for writing. */
export class CatalogTooNewError extends Error {
  constructor(readonly file: string, readonly fileVersion: number, readonly supportedVersion: number, readonly oldCopy?: string) {
    super(
      `The catalog ${file} has schema version ${fileVersion}, but this Container Catalog build only knows ` +
      `versions up to ${supportedVersion}. Update the extension (or CLI) to open it; the file was left unchanged.` +
      (oldCopy
        ? ` Or go back to the copy kept before its last upgrade, ${oldCopy}, with "Revert Catalog to Before the Last Upgrade" ` +
          `(CLI: container-catalog revert); changes made since that upgrade are not in it.`
        : ''),
    );
    this.name = 'CatalogTooNewError';
  }
}

/** Another window or the CLI reverted the file to an older schema version while this store had it open. */
export class CatalogRevertedError extends Error {
  constructor(readonly file: string, readonly fileVersion: number, readonly openedVersion: number) {
    super(
      `The catalog ${file} was reverted to schema version ${fileVersion} by another window or the CLI (this window ` +
      `opened it at version ${openedVersion}). Reload this window to open it again; nothing was changed.`,
    );
    this.name = 'CatalogRevertedError';
  }
}

/** Another process holds the catalog lock for longer than the wait allows. */
export class CatalogLockTimeoutError extends Error {
  constructor(readonly lockFile: string, readonly holder: string) {
    super(
      `The catalog is locked by ${holder} (${lockFile}) and the lock was not released in time. If that ` +
      `process is not a Container Catalog window or CLI (or is hung), the lock is stale: remove it (rm '${lockFile}') and try again.`,
    );
    this.name = 'CatalogLockTimeoutError';
  }
}

/** Use after close(). */
export class CatalogClosedError extends Error {
  constructor(file: string) {
    super(`The catalog ${file} is closed.`);
    this.name = 'CatalogClosedError';
  }
}

/** The file is an SQLite database, but not a catalog (another program's): refused, never migrated. */
export class CatalogForeignFileError extends Error {
  constructor(readonly file: string, readonly tables: readonly string[]) {
    super(
      `The file ${file} looks like another program's database (tables: ${tables.join(', ') || 'none'}), not a ` +
      `Container Catalog catalog, and was left untouched. Choose another catalog file.${importHint(file, tables)}`,
    );
    this.name = 'CatalogForeignFileError';
  }
}

/** Points a user who opened another program's database as the catalog at the import that reads it. */
function importHint(file: string, tables: readonly string[]): string {
  if (tables.includes('registry')) {
    return ` To bring Container Kit's registries into your catalog, run "Import Container Kit Database…" from the ` +
      `Command Palette, or the CLI: container-catalog import container-kit '${file}' --dry-run`;
  }
  if (tables.some((t) => t.toLowerCase() === 'imagesource')) {
    return ` To bring Wsl-Manager's images into your catalog, run "Import Wsl-Manager Database…" from the ` +
      `Command Palette, or the CLI: container-catalog import wsl-manager '${file}' --dry-run`;
  }
  return '';
}

/** A change was refused because the catalog cannot be written here; reading still works. */
export class CatalogReadOnlyError extends Error {
  constructor(readonly file: string, readonly why: string) {
    super(`The catalog ${file} cannot be changed: ${why}. Nothing was changed; reading it still works.`);
    this.name = 'CatalogReadOnlyError';
  }
}

/** Writing the catalog (or its backup) failed; `unchanged` says whether the file on disk kept its old bytes. */
export class CatalogSaveError extends Error {
  constructor(readonly file: string, readonly fsError: NodeJS.ErrnoException, readonly unchanged: boolean, target?: string) {
    super(
      `The catalog ${file}${target && target !== file ? ` (a symbolic link to ${target})` : ''} was not saved: ${explainFsError(fsError)}. ` +
      (unchanged ? 'The file on disk is unchanged.' : 'The new file is in place but may not survive a power cut.'),
    );
    this.name = 'CatalogSaveError';
  }
}

/** A lock file that must go (stale, or not a lock at all) could not be removed by this process. */
export class CatalogLockStuckError extends Error {
  constructor(readonly lockFile: string, why: string) {
    super(`The catalog lock ${lockFile} ${why}. Make sure no Container Catalog window or CLI uses the catalog, then remove it (rm -r '${lockFile}') and try again.`);
    this.name = 'CatalogLockStuckError';
  }
}

/** What an fs error code means to a user, without the temp file's name Node puts in its message. */
export function explainFsError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOSPC': return 'the disk is full (no space left on device)';
    case 'EDQUOT': return 'the disk quota is exceeded';
    case 'EROFS': return 'the file system is mounted read-only';
    case 'EACCES':
    case 'EPERM': return `permission denied (${e.code})`;
    case 'EISDIR': return 'the path is a directory, not a file';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'ENAMETOOLONG': return 'the file name is too long for the file system (the catalog needs room for a ".lock" or temporary name next to it)';
    case 'ENOENT': return 'its folder does not exist (any more)';
    case 'EIO': return 'an input/output error from the disk';
    default: return e.code ? `${e.code}: ${e.message.replace(/,.*$/, '')}` : e.message;
  }
}

/** The lock file cannot be created (folder not writable, read-only mount): only reading is possible. */
export class LockNotCreatableError extends Error {
  constructor(readonly dir: string, readonly fsError: NodeJS.ErrnoException) {
    super(`its folder ${dir} is not writable (${explainFsError(fsError)}), so the lock file cannot be created`);
    this.name = 'LockNotCreatableError';
  }
}
