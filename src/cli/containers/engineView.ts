import type { EngineKind, EngineRecord } from '../../containers/engineRecord';
import { engineStatus } from '../../containers/engineStatus';

/** An engine as `engines add` and `engines list` print it (no key or certificate paths). */
export interface EngineView {
  name: string;
  kind: EngineKind;
  endpoint: string | null;
  status: string;
  lastSyncAt: string | null;
  lastError: string | null;
}

export function engineView(e: EngineRecord): EngineView {
  return {
    name: e.name,
    kind: e.kind,
    endpoint: e.endpoint,
    status: engineStatus(e).label,
    lastSyncAt: e.lastSyncAt?.toISOString() ?? null,
    lastError: e.lastError,
  };
}
