import type { EntityManager } from 'typeorm';
import { deviceTypeCode } from './deviceTypes';

export interface ContainerRef {
  readonly engine: string;
  readonly engineId: number;
  readonly name: string;
}

/** A device predicate: the driving (key, value) pair, plus more keys the same device must have. */
interface DeviceMatch {
  readonly type: number;
  readonly keys: readonly string[];
  readonly value: string;
  readonly also?: readonly { key: string; value: string }[];
}

/**
 * "Which containers use network X?": a nic whose `network` or `parent` is X, on the container itself
 * or through an applied profile, as LXD expands devices: a profile's device counts only if neither the
 * container nor a later profile (higher apply_order) defines a device of the same name. One query,
 * driven by the (key, value) indexes on the device config tables.
 */
export function containersUsingNetwork(em: EntityManager, network: string, engineId?: number): Promise<ContainerRef[]> {
  return containersWithDevice(em, { type: deviceTypeCode('nic'), keys: ['network', 'parent'], value: network }, engineId);
}

/** Containers with a disk device on custom volume `volume` of pool `pool` (directly or via a profile). */
export function containersUsingVolume(em: EntityManager, pool: string, volume: string, engineId?: number): Promise<ContainerRef[]> {
  return containersWithDevice(
    em,
    { type: deviceTypeCode('disk'), keys: ['source'], value: volume, also: [{ key: 'pool', value: pool }] },
    engineId,
  );
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

async function containersWithDevice(em: EntityManager, m: DeviceMatch, engineId?: number): Promise<ContainerRef[]> {
  const keyIn = m.keys.map(() => '?').join(', ');
  const also = (cfg: string, fk: string, dev: string): string =>
    (m.also ?? []).map(() => ` AND EXISTS (SELECT 1 FROM ${cfg} a WHERE a.${fk} = ${dev}.id AND a.key = ? AND a.value = ?)`).join('');
  const alsoParams = (m.also ?? []).flatMap((a) => [a.key, a.value]);
  const byEngine = engineId === undefined ? '' : 'AND c.engine_id = ?';
  const engineParam = engineId === undefined ? [] : [engineId];
  const sql = `
    SELECT e.name AS engine, e.id AS engineId, c.name AS name
      FROM containers c JOIN engines e ON e.id = c.engine_id
     WHERE c.type = 0 ${byEngine} AND c.id IN (
       SELECT d.container_id
         FROM containers_devices_config v
         JOIN containers_devices d ON d.id = v.container_device_id AND d.type = ?
        WHERE v.key IN (${keyIn}) AND v.value = ?${also('containers_devices_config', 'container_device_id', 'd')}
       UNION
       SELECT cp.container_id
         FROM profiles_devices_config v
         JOIN profiles_devices pd ON pd.id = v.profile_device_id AND pd.type = ?
         JOIN containers_profiles cp ON cp.profile_id = pd.profile_id
        WHERE v.key IN (${keyIn}) AND v.value = ?${also('profiles_devices_config', 'profile_device_id', 'pd')}
          AND NOT EXISTS (SELECT 1 FROM containers_devices ld
                           WHERE ld.container_id = cp.container_id AND ld.name = pd.name)
          AND NOT EXISTS (SELECT 1 FROM containers_profiles cp2
                            JOIN profiles_devices pd2 ON pd2.profile_id = cp2.profile_id AND pd2.name = pd.name
                           WHERE cp2.container_id = cp.container_id AND cp2.apply_order > cp.apply_order))
     ORDER BY e.name, c.name`;
  const params = [
    ...engineParam,
    m.type, ...m.keys, m.value, ...alsoParams,
    m.type, ...m.keys, m.value, ...alsoParams,
  ];
  return refs(await em.query(sql, params));
}

function refs(rows: { engine: string; engineId: number; name: string }[]): ContainerRef[] {
  return rows.map((r) => ({ engine: r.engine, engineId: Number(r.engineId), name: r.name }));
}
