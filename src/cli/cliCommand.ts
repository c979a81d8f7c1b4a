import type { CatalogStore } from '../store/CatalogStore';

/** What every CLI command gets: the resolved catalog path and a lazily opened catalog. */
export interface CliContext {
  /** Absolute path of the catalog file (from --catalog, $CONTAINER_CATALOG_FILE or the default). */
  readonly catalogFile: string;
  /** --json was given: the result is printed as JSON instead of `text()`. */
  readonly json: boolean;
  /** Opens (migrating if needed) the catalog on first call; main closes it after the command. */
  openCatalog(): Promise<CatalogStore>;
  /** Reads all of stdin (for --password-stdin and friends). */
  readStdin(): Promise<string>;
}

/**
 * One CLI command. Add a command by writing one file that exports a CliCommand and adding it to
 * `cliCommands` in commandTable.ts. `name` may be several words (`registries list`); the longest
 * name matching the start of the arguments wins, and the rest are passed as `args`.
 */
export interface CliCommand<R = unknown> {
  readonly name: string;
  /** One line for `--help`, e.g. `info — path, schema version, counts per table, size`. */
  readonly summary: string;
  /** Argument synopsis after the name, e.g. `<url> [--name N]`. */
  readonly usage?: string;
  run(ctx: CliContext, args: string[]): Promise<R>;
  /** Human-readable rendering of the result (without --json). */
  text(result: R): string;
  /** The command wrote its output while it ran (exec, logs): without --json, main prints nothing more. */
  readonly streamed?: boolean;
  /** The exit status the result stands for (exec passes the remote command's through); 0 when absent. */
  exitCode?(result: R): number;
}

/** A wrong invocation: printed with the command's usage, exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
