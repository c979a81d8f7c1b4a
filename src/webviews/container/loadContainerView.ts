import type { EntityManager } from 'typeorm';
import { loadContainer, loadProfiles } from '../../containers/catalogReads';
import { effectiveConfig, originLabel } from '../../containers/effectiveConfig';
import type { StringMap } from '../../containers/lxdApi';
import { containersUsingNetworks, containersUsingVolumes } from '../../containers/usedBy';
import type { Catalog } from '../../store/catalog';
import { engineObjectId, parseEngineObjectId } from '../engineObjectId';
import { loadEngineRef } from '../network/loadNetworkView';
import { deviceRows, keyValues } from '../keyValues';
import { parseStorageVolumeId, storageVolumeId } from '../storage/storageVolumeId';
import type { ContainerLink, ContainerView } from './protocol';

function iso(d: string | null): string | null {
  if (!d) return null;
  const t = new Date(d.includes('T') ? d : `${d.replace(' ', 'T')}Z`);
  return Number.isNaN(t.getTime()) ? d : t.toISOString();
}

async function networkNames(em: EntityManager, engineId: number): Promise<Set<string>> {
  const rows = (await em.query('SELECT name FROM networks WHERE engine_id = ?', [engineId])) as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/** The engine's custom volumes as `[pool, volume]` JSON keys. */
async function customVolumeKeys(em: EntityManager, engineId: number): Promise<Set<string>> {
  const rows = (await em.query(
    'SELECT p.name AS pool, v.name AS name FROM storage_volumes v JOIN storage_pools p ON p.id = v.storage_pool_id WHERE p.engine_id = ? AND v.type = 2',
    [engineId],
  )) as { pool: string; name: string }[];
  return new Set(rows.map((r) => JSON.stringify([r.pool, r.name])));
}

/**
 * What the container uses (networks, custom volumes) and, for each, the other containers using it:
 * one used-by query per kind, whatever the number of devices.
 */
async function uses(em: EntityManager, engineId: number, self: string, devices: [string, { config: StringMap }][]): Promise<Pick<ContainerView['uses'], 'networks' | 'volumes' | 'rootPool'>> {
  const nics = devices
    .filter(([, d]) => d.config.type === 'nic' && (d.config.network || d.config.parent))
    .map(([device, d]) => ({ device, name: d.config.network || d.config.parent }));
  const disks = devices
    .filter(([, d]) => d.config.type === 'disk' && d.config.pool && d.config.source && !d.config.source.startsWith('/'))
    .map(([device, d]) => ({ device, pool: d.config.pool, volume: d.config.source }));
  const knownNetworks = nics.length ? await networkNames(em, engineId) : new Set<string>();
  const knownVolumes = disks.length ? await customVolumeKeys(em, engineId) : new Set<string>();
  const onNetworks = nics.length ? await containersUsingNetworks(em, nics.map((n) => n.name), engineId) : [];
  const onVolumes = disks.length ? await containersUsingVolumes(em, disks, engineId) : [];
  // The root disk as LXD expands it: the disk device with path `/`; its pool opens the pool panel when the catalog has it.
  const root = devices.find(([, d]) => d.config.type === 'disk' && d.config.path === '/' && d.config.pool);
  let rootPool: ContainerView['uses']['rootPool'] = null;
  if (root) {
    const name = root[1].config.pool;
    const id = engineObjectId(engineId, name);
    const known = parseEngineObjectId(id) && ((await em.query('SELECT 1 FROM storage_pools WHERE engine_id = ? AND name = ?', [engineId, name])) as unknown[]).length > 0;
    rootPool = { name, id: known ? id : null, device: root[0] };
  }
  const link = (u: { engineId: number; name: string }): ContainerLink => ({ id: engineObjectId(u.engineId, u.name), name: u.name });
  return {
    networks: nics.map((n) => ({
      name: n.name,
      id: knownNetworks.has(n.name) ? engineObjectId(engineId, n.name) : null,
      device: n.device,
      others: onNetworks.filter((u) => u.network === n.name && u.name !== self).map(link),
    })),
    volumes: disks.map((d) => {
      const id = storageVolumeId(engineId, d.pool, 'custom', d.volume);
      return {
        ...d,
        id: knownVolumes.has(JSON.stringify([d.pool, d.volume])) && parseStorageVolumeId(id) ? id : null,
        others: onVolumes.filter((u) => u.pool === d.pool && u.volume === d.volume && u.name !== self).map(link),
      };
    }),
    rootPool,
  };
}

/** The container (not a snapshot) as the panel shows it; undefined when the catalog no longer has it. */
export async function loadContainerView(catalog: Catalog, id: string): Promise<ContainerView | undefined> {
  const ref = parseEngineObjectId(id);
  if (!ref) return undefined;
  return catalog.read(async (em) => {
    const engine = await loadEngineRef(em, ref.engineId);
    const c = await loadContainer(em, ref.engineId, ref.name);
    if (!engine || !c || c.type !== 0) return undefined;
    const all = await loadProfiles(em, ref.engineId);
    // LXD's own expansion, from the containers capability: profiles in order, then the container's keys.
    const eff = effectiveConfig({ config: c.config, devices: c.devices, profiles: c.profiles }, all.filter((p) => c.profiles.includes(p.name)));
    const devices = Object.entries(eff.devices);
    return {
      id,
      engine,
      name: c.name,
      architecture: c.architecture,
      description: c.description,
      createdAt: iso(c.createdAt),
      ephemeral: c.ephemeral,
      stateful: c.stateful,
      image: c.config['image.description'] ?? c.config['volatile.base_image'] ?? null,
      config: keyValues(c.config),
      devices: deviceRows(c.devices),
      profiles: c.profiles,
      availableProfiles: all.map((p) => p.name).filter((p) => !c.profiles.includes(p)),
      snapshots: c.snapshots,
      effective: {
        config: Object.entries(eff.config).map(([key, v]) => ({ key, value: v.value, origin: originLabel(v.origin), overrides: v.overrides.map(originLabel) })),
        devices: devices.map(([name, d]) => ({ name, origin: originLabel(d.origin), overrides: d.overrides.map(originLabel), config: keyValues(d.config) })),
        missingProfiles: [...eff.missingProfiles],
      },
      uses: {
        ...(await uses(em, ref.engineId, c.name, devices)),
        profiles: c.profiles,
        image: c.config['volatile.base_image'] ?? null,
      },
    };
  });
}

/** Containers for the palette's quick pick. */
export async function listContainersForPick(catalog: Catalog): Promise<{ id: string; name: string; engine: string }[]> {
  return catalog.read(async (em) => {
    const rows = (await em.query(
      'SELECT c.engine_id AS engineId, c.name AS name, e.name AS engine FROM containers c JOIN engines e ON e.id = c.engine_id WHERE c.type = 0 ORDER BY e.name, c.name',
    )) as { engineId: number; name: string; engine: string }[];
    return rows.map((r) => ({ id: engineObjectId(Number(r.engineId), r.name), name: r.name, engine: r.engine }));
  });
}
