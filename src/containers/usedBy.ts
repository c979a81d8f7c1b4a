import type { EntityManager } from 'typeorm';
import { deviceTypeCode } from './deviceTypes';

export interface ContainerRef {
  readonly engine: string;
  readonly engineId: number;
  readonly name: string;
}

/**
 * A device predicate: any of the driving keys has one of `values`; with `also`, the same device must
 * have `also.key` set to one of `also.values` too. Both matched values come back with each container.
 */
interface DeviceMatch {
  readonly type: number;
  readonly keys: readonly string[];
  readonly values: readonly string[];
  readonly also?: { readonly key: string; readonly values: readonly string[] };
}

interface DeviceUser extends ContainerRef {
  readonly value: string;
  readonly also: string | null;
}

/**
 * "Which containers use network X?": a nic whose `network` or `parent` is X, on the container itself
 * or through an applied profile, as LXD expands devices: a profile's device counts only if neither the
 * container nor a later profile (higher apply_order) defines a device of the same name. One query,
 * driven by the (key, value) indexes on the device config tables.
 */
export async function containersUsingNetwork(em: EntityManager, network: string, engineId?: number): Promise<ContainerRef[]> {
  return refs(await containersUsingNetworks(em, [network], engineId));
}

/** The users of several networks in one query (a container panel's "who else is on br0"), each row naming its network. */
export async function containersUsingNetworks(em: EntityManager, networks: readonly string[], engineId?: number): Promise<(ContainerRef & { network: string })[]> {
  const rows = await containersWithDevice(em, { type: deviceTypeCode('nic'), keys: ['network', 'parent'], values: networks }, engineId);
  return rows.map((r) => ({ engine: r.engine, engineId: r.engineId, name: r.name, network: r.value }));
}

/** Containers with a disk device on custom volume `volume` of pool `pool` (directly or via a profile). */
export async function containersUsingVolume(em: EntityManager, pool: string, volume: string, engineId?: number): Promise<ContainerRef[]> {
  return refs(await containersUsingVolumes(em, [{ pool, volume }], engineId));
}

/** The users of several custom volumes in one query, each row naming its (pool, volume). */
export async function containersUsingVolumes(
  em: EntityManager,
  volumes: readonly { pool: string; volume: string }[],
  engineId?: number,
): Promise<(ContainerRef & { pool: string; volume: string })[]> {
  const rows = await containersWithDevice(
    em,
    { type: deviceTypeCode('disk'), keys: ['source'], values: volumes.map((v) => v.volume), also: { key: 'pool', values: volumes.map((v) => v.pool) } },
    engineId,
  );
  // The query matches sources and pools independently; keep only the pairs asked for.
  const wanted = new Set(volumes.map((v) => JSON.stringify([v.pool, v.volume])));
  return rows
    .filter((r) => wanted.has(JSON.stringify([r.also, r.value])))
    .map((r) => ({ engine: r.engine, engineId: r.engineId, name: r.name, pool: r.also ?? '', volume: r.value }));
}

/**
 * Containers whose root disk (the disk device with path `/`, after LXD's device expansion) lives in
 * storage pool `pool`: what LXD's pool `used_by` lists as instances, from the catalog.
 */
export async function containersWithRootIn(em: EntityManager, pool: string, engineId: number): Promise<ContainerRef[]> {
  return refs(await containersWithDevice(em, { type: deviceTypeCode('disk'), keys: ['pool'], values: [pool], also: { key: 'path', values: ['/'] } }, engineId));
}

/** Containers that have profile `profile` of the given engine applied. */
export async function containersUsingProfile(em: EntityManager, engineId: number, profile: string): Promise<ContainerRef[]> {
  return refs(
    await em.query(
      `SELECT e.name AS engine, e.id AS engineId, c.name AS name
         FROM profiles p
         JOIN containers_profiles cp ON cp.profile_id = p.id
         JOIN containers c ON c.id = cp.container_id AND c.type = 0
         JOIN engines e ON e.id = c.engine_id
        WHERE p.engine_id = ? AND p.name = ?
        ORDER BY c.name`,
      [engineId, profile],
    ),
  );
}

/** Containers created from image `fingerprint` (LXD's and our Podman mapping's `volatile.base_image`). */
export async function containersUsingImage(em: EntityManager, fingerprint: string, engineId?: number): Promise<ContainerRef[]> {
  const byEngine = engineId === undefined ? '' : 'AND c.engine_id = ?';
  return refs(
    await em.query(
      `SELECT e.name AS engine, e.id AS engineId, c.name AS name
         FROM containers_config k
         JOIN containers c ON c.id = k.container_id AND c.type = 0 ${byEngine}
         JOIN engines e ON e.id = c.engine_id
        WHERE k.key = 'volatile.base_image' AND k.value = ?
        ORDER BY e.name, c.name`,
      engineId === undefined ? [fingerprint] : [engineId, fingerprint],
    ),
  );
}

async function containersWithDevice(em: EntityManager, m: DeviceMatch, engineId?: number): Promise<DeviceUser[]> {
  if (m.values.length === 0 || (m.also && m.also.values.length === 0)) return [];
  const list = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
  const alsoValues = m.also ? [...new Set(m.also.values)] : [];
  const values = [...new Set(m.values)];
  const also = (cfg: string, fk: string, dev: string): string =>
    m.also ? `JOIN ${cfg} a ON a.${fk} = ${dev}.id AND a.key = ? AND a.value IN (${list(alsoValues.length)})` : '';
  const alsoValue = m.also ? 'a.value' : 'NULL';
  const alsoParams = m.also ? [m.also.key, ...alsoValues] : [];
  const byEngine = engineId === undefined ? '' : 'AND c.engine_id = ?';
  const sql = `
    SELECT e.name AS engine, e.id AS engineId, c.name AS name, u.value AS value, u.also AS also
      FROM (
        SELECT d.container_id AS cid, v.value AS value, ${alsoValue} AS also
          FROM containers_devices_config v
          JOIN containers_devices d ON d.id = v.container_device_id AND d.type = ?
          ${also('containers_devices_config', 'container_device_id', 'd')}
         WHERE v.key IN (${list(m.keys.length)}) AND v.value IN (${list(values.length)})
        UNION
        SELECT cp.container_id AS cid, v.value AS value, ${alsoValue} AS also
          FROM profiles_devices_config v
          JOIN profiles_devices pd ON pd.id = v.profile_device_id AND pd.type = ?
          ${also('profiles_devices_config', 'profile_device_id', 'pd')}
          JOIN containers_profiles cp ON cp.profile_id = pd.profile_id
         WHERE v.key IN (${list(m.keys.length)}) AND v.value IN (${list(values.length)})
           AND NOT EXISTS (SELECT 1 FROM containers_devices ld
                            WHERE ld.container_id = cp.container_id AND ld.name = pd.name)
           AND NOT EXISTS (SELECT 1 FROM containers_profiles cp2
                             JOIN profiles_devices pd2 ON pd2.profile_id = cp2.profile_id AND pd2.name = pd.name
                            WHERE cp2.container_id = cp.container_id AND cp2.apply_order > cp.apply_order)
      ) u
      JOIN containers c ON c.id = u.cid AND c.type = 0 ${byEngine}
      JOIN engines e ON e.id = c.engine_id
     ORDER BY e.name, c.name, u.value`;
  const params = [
    m.type, ...alsoParams, ...m.keys, ...values,
    m.type, ...alsoParams, ...m.keys, ...values,
    ...(engineId === undefined ? [] : [engineId]),
  ];
  const rows = (await em.query(sql, params)) as { engine: string; engineId: number; name: string; value: string; also: string | null }[];
  return rows.map((r) => ({ engine: r.engine, engineId: Number(r.engineId), name: r.name, value: r.value, also: r.also }));
}

/** Plain refs, one per container (a container matching through two devices is listed once). */
function refs(rows: readonly { engine: string; engineId: number; name: string }[]): ContainerRef[] {
  const seen = new Set<string>();
  const out: ContainerRef[] = [];
  for (const r of rows) {
    const k = `${r.engineId}/${r.name}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ engine: r.engine, engineId: Number(r.engineId), name: r.name });
  }
  return out;
}
