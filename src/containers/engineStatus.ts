import type { EngineRecord } from './engineRecord';

export type EngineHealth = 'ok' | 'unreachable' | 'error' | 'never-synced' | 'local';

export interface EngineStatus {
  readonly health: EngineHealth;
  /** One line for a tree description or the CLI, e.g. "engine unreachable · synced 3 min ago". */
  readonly label: string;
}

export function syncedAgo(at: Date | null, now: Date = new Date()): string {
  if (!at) return 'never synced';
  const s = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  if (s < 60) return 'synced just now';
  const m = Math.round(s / 60);
  if (m < 60) return `synced ${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `synced ${h} h ago`;
  return `synced ${Math.round(h / 24)} days ago`;
}

/**
 * What the catalog knows about an engine's reachability, from its last sync. The catalog is always
 * shown; this only says how fresh it is and why it may be stale.
 */
export function engineStatus(e: EngineRecord, now: Date = new Date()): EngineStatus {
  if (e.kind === 'catalog') return { health: 'local', label: 'catalog only' };
  const ago = syncedAgo(e.lastSyncAt, now);
  if (e.lastError) {
    const unreachable = /^unreachable:/.test(e.lastError);
    return {
      health: unreachable ? 'unreachable' : 'error',
      label: `${unreachable ? 'engine unreachable' : 'sync failed'} · ${ago}`,
    };
  }
  if (!e.lastSyncAt) return { health: 'never-synced', label: 'never synced' };
  return { health: 'ok', label: ago };
}

/** The stored `last_error`: the error kind first, so the status survives a restart. */
export function recordedError(kind: string, message: string): string {
  return `${kind}: ${message}`;
}

/** The message part of a stored `last_error`. */
export function lastErrorMessage(lastError: string): string {
  return lastError.replace(/^[a-z]+: /, '');
}
