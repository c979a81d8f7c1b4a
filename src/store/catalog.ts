import type { EntityManager } from 'typeorm';

/**
 * The contract every capability writes through. The sql.js driver has one connection, so the
 * implementation serialises all access on one queue; callers never touch the DataSource directly.
 */
export interface Catalog {
  /** Absolute path of the catalog file. */
  readonly file: string;
  /** Runs `fn` alone on the connection; nothing else interleaves with it. */
  read<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in one transaction, alone. Rolls back if it throws. Resolves only once the change is
   * durable on disk (or covered by a coalesced save that is).
   */
  write<T>(fn: (em: EntityManager) => Promise<T>, hint?: WriteHint): Promise<T>;
  /** Fires after a local write commits, or after another process changed the file and it was reloaded. */
  onDidChange(listener: (e: CatalogChange) => void): { dispose(): void };
  /** Writes anything pending to disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface CatalogChange {
  /** True when another process (another window, the CLI) wrote the file. */
  readonly external: boolean;
  /**
   * What the local writes behind this event changed, when every one of them said so (see WriteHint);
   * undefined when any did not, or the change is external. Lets a view redraw just those objects.
   */
  readonly touched?: readonly string[];
}

/** A writer's statement of what its write changed, as keys its capability defines (e.g. one container). */
export interface WriteHint {
  readonly touched: readonly string[];
}
