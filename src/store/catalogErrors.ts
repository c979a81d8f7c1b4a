/** The file was written by a newer build (higher schema version); nothing was opened for writing. */
export class CatalogTooNewError extends Error {
  constructor(readonly file: string, readonly fileVersion: number, readonly supportedVersion: number) {
    super(
      `The catalog ${file} has schema version ${fileVersion}, but this Container Catalog build only knows ` +
      `versions up to ${supportedVersion}. Update the extension (or CLI) to open it; the file was left unchanged.`,
    );
    this.name = 'CatalogTooNewError';
  }
}

/** Another process holds the catalog lock for longer than the wait allows. */
export class CatalogLockTimeoutError extends Error {
  constructor(readonly lockFile: string, readonly holder: string) {
    super(`The catalog is locked by ${holder} (${lockFile}) and the lock was not released in time.`);
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
