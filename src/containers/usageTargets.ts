import type { Catalog } from '../store/catalog';
import { listEngineObjects } from './engineObjectLists';
import { listEngines } from './engineRegistry';
import type { UsageKind } from './findContainersUsing';
import { listPoolVolumes } from './poolVolumes';

/** One network, profile, custom volume or image the catalog knows: what "Find Containers Using…" offers. */
export interface UsageTarget {
  readonly kind: UsageKind;
  readonly engineId: number;
  readonly engine: string;
  /** What findContainersUsing takes: the name, or the image's fingerprint. */
  readonly name: string;
  /** The pool of a volume. */
  readonly pool?: string;
  /** What a pick shows: the name, an image's first alias, a volume's pool/name. */
  readonly label: string;
}

/** Every object of one kind, of every engine, in the catalog (no engine is asked). */
export async function listUsageTargets(catalog: Catalog, kind: UsageKind): Promise<UsageTarget[]> {
  const out: UsageTarget[] = [];
  for (const e of await listEngines(catalog)) {
    const base = { kind, engineId: e.id, engine: e.name };
    switch (kind) {
      case 'network':
      case 'profile':
        for (const o of await listEngineObjects(catalog, e.id, kind === 'network' ? 'networks' : 'profiles')) out.push({ ...base, name: o.name, label: o.name });
        break;
      case 'volume':
        for (const p of await listEngineObjects(catalog, e.id, 'storage')) {
          if (!p.volumes) continue;
          // Custom volumes only: the instance and image volumes of a pool are not "used" by a device.
          for (const v of await listPoolVolumes(catalog, e.id, p.name)) if (v.type === 'custom' || e.kind !== 'lxd') out.push({ ...base, name: v.name, pool: p.name, label: `${p.name}/${v.name}` });
        }
        break;
      case 'image':
        for (const i of await listEngineObjects(catalog, e.id, 'images')) out.push({ ...base, name: i.fingerprint, label: i.aliases[0] ?? i.fingerprint.slice(0, 12) });
        break;
    }
  }
  return out;
}
