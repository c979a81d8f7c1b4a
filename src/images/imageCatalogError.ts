/** A catalog, digest file or download that could not be used. The message always names the URL (or path). */
export class ImageCatalogError extends Error {
  constructor(
    readonly url: string,
    readonly problem: string,
  ) {
    super(`${url}: ${problem}`);
    this.name = 'ImageCatalogError';
  }
}

/** Raised when the caller's AbortSignal fired; nothing partial is left behind. */
export class ImageCancelledError extends Error {
  constructor(what: string) {
    super(`${what}: cancelled`);
    this.name = 'ImageCancelledError';
  }
}
