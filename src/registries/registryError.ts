/** What went wrong, so callers (tree, commands, CLI) can react without parsing messages. */
export type RegistryErrorKind =
  | 'badUrl'
  | 'unauthorized' // no or wrong credentials
  | 'forbidden' // authenticated, but this scope is denied
  | 'notFound'
  | 'catalogNotAllowed' // the registry refuses to list repositories
  | 'rateLimited'
  | 'server' // 5xx
  | 'protocol' // not a registry, unexpected answer
  | 'connectionRefused'
  | 'dns'
  | 'timeout'
  | 'tls'
  | 'network'
  | 'cancelled'
  | 'caFile'
  | 'duplicate' // the registry (or tracked repository) is already in the catalog
  | 'unknownRegistry' // no such registry in the catalog
  | 'invalid'; // bad input other than the URL (empty name, bad repository name, …)

/** An error whose message is meant for the user as is: it says what failed and, when known, what to do. */
export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  readonly status?: number;
  /** Seconds to wait before retrying, from Retry-After on a 429 (or 503). */
  readonly retryAfterSeconds?: number;
  /** The registry's own error code, e.g. NAME_UNKNOWN, MANIFEST_UNKNOWN, DENIED. */
  readonly code?: string;

  constructor(kind: RegistryErrorKind, message: string, extra: { status?: number; retryAfterSeconds?: number; code?: string; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'RegistryError';
    this.kind = kind;
    this.status = extra.status;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.code = extra.code;
  }
}

export function isRegistryError(e: unknown, kind?: RegistryErrorKind): e is RegistryError {
  return e instanceof RegistryError && (kind === undefined || e.kind === kind);
}
