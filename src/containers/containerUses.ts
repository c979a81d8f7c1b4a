import type { Catalog } from '../store/catalog';
import type { StringMap } from './lxdApi';
import { containersUsingNetworks, containersUsingVolumes } from './usedBy';
import type { ContainerRef } from './usedBy';

/** What a container's (effective) devices use, and who else uses each: the container panel's "Uses" section. */
export interface ContainerUses {
  readonly networks: { readonly name: string; readonly device: string; readonly known: boolean; readonly others: ContainerRef[] }[];
  readonly volumes: { readonly device: string; readonly pool: string; readonly volume: string; readonly known: boolean; readonly others: ContainerRef[] }[];
  /** The root disk (the disk device with path `/`), when it names a pool. */
  readonly rootPool: { readonly name: string; readonly device: string; readonly known: boolean } | null;
}

/**
 * The networks (a nic's `network` or `parent`) and custom volumes (a disk with a pool and a non-path
 * source) the devices use, each with the other containers using it, `known` when the catalog has the
 * object. One used-by query per kind, whatever the number of devices.
 */
export async function readContainerUses(catalog: Catalog, engineId: number, self: string, devices: readonly (readonly [string, { readonly config: StringMap }])[]): Promise<ContainerUses> {
  const nics = devices
    .filter(([, d]) => d.config.type === 'nic' && (d.config.network || d.config.parent))
    .map(([device, d]) => ({ device, name: d.config.network || d.config.parent }));
  const disks = devices
    .filter(([, d]) => d.config.type === 'disk' && d.config.pool && d.config.source && !d.config.source.startsWith('/'))
    .map(([device, d]) => ({ device, pool: d.config.pool, volume: d.config.source }));
  // The root disk as LXD expands it: the disk device with path `/`.
  const root = devices.find(([, d]) => d.config.type === 'disk' && d.config.path === '/' && d.config.pool);
  return catalog.read(async (em) => {
    const knownNetworks = nics.length
      ? new Set(((await em.query('SELECT name FROM networks WHERE engine_id = ?', [engineId])) as { name: string }[]).map((r) => r.name))
      : new Set<string>();
    const knownVolumes = disks.length
      ? new Set(
          ((await em.query(
            'SELECT p.name AS pool, v.name AS name FROM storage_volumes v JOIN storage_pools p ON p.id = v.storage_pool_id WHERE p.engine_id = ? AND v.type = 2',
            [engineId],
          )) as { pool: string; name: string }[]).map((r) => JSON.stringify([r.pool, r.name])),
        )
      : new Set<string>();
    const onNetworks = nics.length ? await containersUsingNetworks(em, nics.map((n) => n.name), engineId) : [];
    const onVolumes = disks.length ? await containersUsingVolumes(em, disks, engineId) : [];
    const rootKnown = root ? ((await em.query('SELECT 1 FROM storage_pools WHERE engine_id = ? AND name = ?', [engineId, root[1].config.pool])) as unknown[]).length > 0 : false;
    const ref = (u: ContainerRef): ContainerRef => ({ engine: u.engine, engineId: u.engineId, name: u.name });
    return {
      networks: nics.map((n) => ({
        name: n.name,
        device: n.device,
        known: knownNetworks.has(n.name),
        others: onNetworks.filter((u) => u.network === n.name && u.name !== self).map(ref),
      })),
      volumes: disks.map((d) => ({
        ...d,
        known: knownVolumes.has(JSON.stringify([d.pool, d.volume])),
        others: onVolumes.filter((u) => u.pool === d.pool && u.volume === d.volume && u.name !== self).map(ref),
      })),
      rootPool: root ? { name: root[1].config.pool, device: root[0], known: rootKnown } : null,
    };
  });
}
