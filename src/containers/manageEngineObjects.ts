import type { Catalog } from '../store/catalog';
import { changeEngine } from './engineCall';
import type { EngineContext } from './engineConnection';
import { EngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import { findContainersUsing } from './findContainersUsing';
import { nameProblem } from './objectRules';
import type { ContainerRef } from './usedBy';

/** The objects an engine holds that can be made and deleted here: networks and volumes (all engines), profiles (LXD). */
export type ManagedKind = 'network' | 'volume' | 'profile';

export interface ManagedObject {
  readonly kind: ManagedKind;
  readonly name: string;
  /** LXD volumes: the storage pool (default "default"). */
  readonly pool?: string;
  /** LXD: a description; Docker/Podman: kept as the label `description`. */
  readonly description?: string;
  /** LXD: the object's config keys (`ipv4.address`, `size`…). */
  readonly config?: Readonly<Record<string, string>>;
}

const seg = encodeURIComponent;

function check(e: EngineRecord, o: ManagedObject): void {
  const problem = nameProblem(o.name);
  if (problem) throw new EngineError('api', `"${o.name}": a ${o.kind} name ${problem}.`);
  if (o.kind === 'profile' && e.kind !== 'lxd') throw new EngineError('api', `${e.name} is a ${e.kind} engine; profiles are LXD's.`);
}

/** The containers the catalog says use `o` (the used-by answer a delete shows first). */
export function usersOf(catalog: Catalog, e: EngineRecord, o: Pick<ManagedObject, 'kind' | 'name' | 'pool'>): Promise<ContainerRef[]> {
  return findContainersUsing(catalog, { kind: o.kind, name: o.name, engineId: e.id, pool: o.kind === 'volume' ? o.pool ?? (e.kind === 'lxd' ? 'default' : 'local') : undefined });
}

/** Creates a network, volume or profile on the engine, then syncs it. The engine's refusal (a name taken, a bad key) is the error. */
export async function createEngineObject(catalog: Catalog, e: EngineRecord, ctx: EngineContext, o: ManagedObject): Promise<void> {
  check(e, o);
  await changeEngine(catalog, e, ctx, async (conn) => {
    if (conn.kind === 'lxd') {
      const body = { name: o.name, description: o.description ?? '', config: { ...o.config } };
      if (o.kind === 'network') await conn.lxd.act('POST', '/1.0/networks', { ...body, type: 'bridge' });
      else if (o.kind === 'volume') await conn.lxd.act('POST', `/1.0/storage-pools/${seg(o.pool ?? 'default')}/volumes`, { ...body, type: 'custom' });
      else await conn.lxd.act('POST', '/1.0/profiles', { ...body, devices: {} });
      return;
    }
    const labels = o.description ? { description: o.description } : {};
    if (o.kind === 'network') await conn.docker.act('POST', '/networks/create', { Name: o.name, Driver: 'bridge', Labels: labels, CheckDuplicate: true });
    else await conn.docker.act('POST', '/volumes/create', { Name: o.name, Labels: labels });
  });
}

/**
 * Deletes a network, volume or profile. Refused, naming them, while the catalog knows containers that
 * use it (the engine would refuse too, or, for a Docker volume of a removed container, lose data).
 */
export async function deleteEngineObject(catalog: Catalog, e: EngineRecord, ctx: EngineContext, o: Pick<ManagedObject, 'kind' | 'name' | 'pool'>): Promise<void> {
  check(e, o);
  const users = await usersOf(catalog, e, o);
  if (users.length) throw new EngineError('api', `The ${o.kind} ${o.name} is used by ${users.map((u) => u.name).join(', ')}; remove it from them first.`);
  await changeEngine(catalog, e, ctx, async (conn) => {
    if (conn.kind === 'lxd') {
      const path = o.kind === 'network' ? `/1.0/networks/${seg(o.name)}`
        : o.kind === 'volume' ? `/1.0/storage-pools/${seg(o.pool ?? 'default')}/volumes/custom/${seg(o.name)}`
          : `/1.0/profiles/${seg(o.name)}`;
      await conn.lxd.act('DELETE', path);
      return;
    }
    await conn.docker.act('DELETE', o.kind === 'network' ? `/networks/${seg(o.name)}` : `/volumes/${seg(o.name)}`);
  });
}
