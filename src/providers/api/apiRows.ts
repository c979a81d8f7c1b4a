import type { ContainerDetailsV1, ContainerV1, EngineV1, ImageSourceV1, LocalImageV1, RegistryV1 } from '../../../api/container-catalog';
import type { ContainerSummary } from '../../containers/catalogReads';
import type { ContainerDetails } from '../../containers/containerDetails';
import { originLabel } from '../../containers/effectiveConfig';
import type { EngineRecord } from '../../containers/engineRecord';
import type { ImageSource } from '../../entities/ImageSource';
import type { LocalImage } from '../../entities/LocalImage';
import type { Registry } from '../../entities/Registry';

// The API's rows are copies made field by field, never the entities themselves: what another extension
// receives is exactly what api/container-catalog.d.ts promises (no client key path, no CA file, no
// internal columns), and nothing it does to them reaches the catalog.

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function registryRow(r: Registry): RegistryV1 {
  return { id: r.id, name: r.name, url: r.url, insecure: r.insecure, loggedIn: r.loggedIn, username: r.username, verifiedAt: iso(r.verifiedAt), lastError: r.lastError };
}

export function imageSourceRow(s: ImageSource): ImageSourceV1 {
  return {
    id: s.id, type: s.type, name: s.name, distribution: s.distribution, release: s.release, arch: s.arch,
    tags: s.tags.split(',').map((t) => t.trim()).filter(Boolean), url: s.url, digest: s.digest, size: s.size, updated: s.updateDate,
  };
}

export function localImageRow(l: LocalImage): LocalImageV1 {
  return {
    id: l.id, imageSourceId: l.imageSourceId, name: l.name, state: l.state, distribution: l.distribution, release: l.release,
    arch: l.arch, digest: l.digest, size: l.size, updated: l.updateDate,
  };
}

export function engineRow(e: EngineRecord): EngineV1 {
  return { name: e.name, kind: e.kind, endpoint: e.endpoint, lastSyncAt: iso(e.lastSyncAt), lastError: e.lastError };
}

export function containerRow(c: ContainerSummary): ContainerV1 {
  return { engine: c.engine, name: c.name, architecture: c.architecture, profiles: [...c.profiles], snapshots: c.snapshots };
}

export function containerDetailsRow(d: ContainerDetails): ContainerDetailsV1 {
  const c = d.container;
  return {
    engine: d.engine.name, name: c.name, architecture: c.architecture, profiles: [...c.profiles], snapshots: c.snapshots.length,
    description: c.description, ephemeral: c.ephemeral, createdAt: c.createdAt,
    config: { ...c.config },
    devices: Object.fromEntries(Object.entries(c.devices).map(([k, v]) => [k, { ...v }])),
    effectiveConfig: Object.fromEntries(Object.entries(d.effective.config).map(([k, v]) => [k, { value: v.value, origin: originLabel(v.origin) }])),
    effectiveDevices: Object.fromEntries(Object.entries(d.effective.devices).map(([k, v]) => [k, { origin: originLabel(v.origin), device: { ...v.config } }])),
    snapshotNames: [...c.snapshots],
  };
}
