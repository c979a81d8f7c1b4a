/**
 * Why a call to an engine failed, in words a user can act on. `kind` lets the UI tell "engine down"
 * (keep the catalog, say so) apart from "the engine refused" (show the engine's own message).
 */
export type EngineErrorKind = 'unreachable' | 'api' | 'tls' | 'untrusted' | 'cancelled' | 'protocol';

export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
    /** HTTP status when the engine answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export function isEngineError(e: unknown, kind?: EngineErrorKind): e is EngineError {
  return e instanceof EngineError && (kind === undefined || e.kind === kind);
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError('cancelled', 'Cancelled.');
}
