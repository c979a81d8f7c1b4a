import type { EntityManager } from 'typeorm';
import { loadContainer, loadProfiles } from '../../containers/catalogReads';
import { effectiveConfig, originLabel } from '../../containers/effectiveConfig';
import type { Catalog } from '../../store/catalog';
import { engineObjectId, parseEngineObjectId } from '../engineObjectId';
import { loadEngineRef } from '../network/loadNetworkView';
import { deviceRows, keyValues } from '../keyValues';
import type { ContainerView } from './protocol';

function iso(d: string | null): string | null {
  if (!d) return null;
  const t = new Date(d.includes('T') ? d : `${d.replace(' ', 'T')}Z`);
  return Number.isNaN(t.getTime()) ? d : t.toISOString();
}

async function networkNames(em: EntityManager, engineId: number): Promise<Set<string>> {
  const rows = (await em.query('SELECT name FROM networks WHERE engine_id = ?', [engineId])) as { name: string }[];
  return new Set(rows.map((r) => r.name));
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
    const known = await networkNames(em, ref.engineId);
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
        networks: devices
          .filter(([, d]) => d.config.type === 'nic' && (d.config.network || d.config.parent))
          .map(([device, d]) => {
            const net = d.config.network || d.config.parent;
            return { name: net, id: known.has(net) ? engineObjectId(ref.engineId, net) : null, device };
          }),
        volumes: devices
          .filter(([, d]) => d.config.type === 'disk' && d.config.pool && d.config.source && !d.config.source.startsWith('/'))
          .map(([device, d]) => ({ pool: d.config.pool, volume: d.config.source, device })),
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
