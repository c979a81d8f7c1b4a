import { readContainerDetails } from '../../containers/containerDetails';
import { readContainerUses } from '../../containers/containerUses';
import { originLabel } from '../../containers/effectiveConfig';
import { listForPick } from '../../containers/pickLists';
import type { Catalog } from '../../store/catalog';
import { engineObjectId, parseEngineObjectId } from '../engineObjectId';
import { toEngineRef } from '../network/loadNetworkView';
import { deviceRows, keyValues } from '../keyValues';
import { parseStorageVolumeId, storageVolumeId } from '../storage/storageVolumeId';
import type { ContainerLink, ContainerView } from './protocol';

function iso(d: string | null): string | null {
  if (!d) return null;
  const t = new Date(d.includes('T') ? d : `${d.replace(' ', 'T')}Z`);
  return Number.isNaN(t.getTime()) ? d : t.toISOString();
}

/** The container (not a snapshot) as the panel shows it; undefined when the catalog no longer has it. */
export async function loadContainerView(catalog: Catalog, id: string): Promise<ContainerView | undefined> {
  const ref = parseEngineObjectId(id);
  if (!ref) return undefined;
  // The same details the tree, the effective-config command and `containers show` read.
  const details = await readContainerDetails(catalog, ref.engineId, ref.name);
  if (!details || details.container.type !== 0) return undefined;
  const { container: c, effective: eff } = details;
  const devices = Object.entries(eff.devices);
  const uses = await readContainerUses(catalog, ref.engineId, c.name, devices);
  const link = (u: { engineId: number; name: string }): ContainerLink => ({ id: engineObjectId(u.engineId, u.name), name: u.name });
  const rootPoolId = uses.rootPool && engineObjectId(ref.engineId, uses.rootPool.name);
  return {
    id,
    engine: toEngineRef(details.engine),
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
    availableProfiles: [...details.otherProfiles],
    snapshots: c.snapshots,
    effective: {
      config: Object.entries(eff.config).map(([key, v]) => ({ key, value: v.value, origin: originLabel(v.origin), overrides: v.overrides.map(originLabel) })),
      devices: devices.map(([name, d]) => ({ name, origin: originLabel(d.origin), overrides: d.overrides.map(originLabel), config: keyValues(d.config) })),
      missingProfiles: [...eff.missingProfiles],
    },
    uses: {
      networks: uses.networks.map((n) => ({
        name: n.name,
        id: n.known ? engineObjectId(ref.engineId, n.name) : null,
        device: n.device,
        others: n.others.map(link),
      })),
      volumes: uses.volumes.map((v) => {
        const volumeId = storageVolumeId(ref.engineId, v.pool, 'custom', v.volume);
        return { device: v.device, pool: v.pool, volume: v.volume, id: v.known && parseStorageVolumeId(volumeId) ? volumeId : null, others: v.others.map(link) };
      }),
      // Its pool opens the pool panel when the catalog has it.
      rootPool: uses.rootPool && { name: uses.rootPool.name, id: uses.rootPool.known && rootPoolId && parseEngineObjectId(rootPoolId) ? rootPoolId : null, device: uses.rootPool.device },
      profiles: c.profiles,
      image: c.config['volatile.base_image'] ?? null,
    },
  };
}

/** Containers for the palette's quick pick. */
export async function listContainersForPick(catalog: Catalog): Promise<{ id: string; name: string; engine: string }[]> {
  return (await listForPick(catalog, 'containers')).map((r) => ({ id: engineObjectId(r.engineId, r.name), name: r.name, engine: r.engine }));
}
