/** An `engines` row as the containers code reads it (raw SQL, so the bulk paths never load entities). */
export type EngineKind = 'lxd' | 'podman' | 'docker' | 'catalog';

export interface EngineRecord {
  readonly id: number;
  readonly kind: EngineKind;
  readonly name: string;
  readonly endpoint: string | null;
  readonly clientCert: string | null;
  readonly clientKey: string | null;
  readonly lastSyncAt: Date | null;
  readonly lastError: string | null;
}

export const ENGINE_KINDS: readonly EngineKind[] = ['lxd', 'podman', 'docker'];

interface EngineRow {
  id: number;
  kind: string;
  name: string;
  endpoint: string | null;
  client_cert: string | null;
  client_key: string | null;
  last_sync_at: string | null;
  last_error: string | null;
}

export const ENGINE_COLUMNS = 'id, kind, name, endpoint, client_cert, client_key, last_sync_at, last_error';

export function toEngineRecord(r: EngineRow): EngineRecord {
  return {
    id: Number(r.id),
    kind: r.kind as EngineKind,
    name: r.name,
    endpoint: r.endpoint,
    clientCert: r.client_cert,
    clientKey: r.client_key,
    lastSyncAt: r.last_sync_at ? new Date(r.last_sync_at.replace(' ', 'T') + (r.last_sync_at.endsWith('Z') ? '' : 'Z')) : null,
    lastError: r.last_error,
  };
}
