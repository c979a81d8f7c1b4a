import type { EntityManager } from 'typeorm';
import { deviceTypeName } from './deviceTypes';
import { architectureName } from './lxdCodes';
import type { DeviceMap, StringMap } from './lxdApi';
import type { MirrorProfile } from './engineMirror';
import { setOwn } from './setOwn';

/** A container (or snapshot) as the catalog holds it: its own keys and devices, profiles in order. */
export interface CatalogContainer {
  readonly id: number;
  readonly engineId: number;
  readonly name: string;
  readonly architecture: string;
  readonly type: 0 | 1;
  readonly ephemeral: boolean;
  readonly stateful: boolean;
  readonly description: string;
  readonly createdAt: string | null;
  readonly config: StringMap;
  readonly devices: DeviceMap;
  readonly profiles: string[];
  /** Short snapshot names, oldest first (containers only). */
  readonly snapshots: string[];
}

export interface ContainerSummary {
  readonly id: number;
  readonly engineId: number;
  readonly engine: string;
  readonly name: string;
  readonly architecture: string;
  readonly profiles: string[];
  readonly snapshots: number;
  /** Creation time (ms since the epoch) as the engine reported it; null when it did not. */
  readonly created: number | null;
}

/** Containers (not snapshots), optionally of one engine, with their profiles in apply order. */
export async function listContainers(em: EntityManager, engineId?: number, name?: string): Promise<ContainerSummary[]> {
  const where = [engineId === undefined ? '' : 'AND c.engine_id = ?', name === undefined ? '' : 'AND c.name = ?'].join(' ');
  const params = [...(engineId === undefined ? [] : [engineId]), ...(name === undefined ? [] : [name])];
  const rows = (await em.query(
    `SELECT c.id, c.engine_id AS engineId, e.name AS engine, c.name, c.architecture, c.creation_date AS created,
            (SELECT group_concat(name, char(31)) FROM (
               SELECT p.name FROM containers_profiles cp JOIN profiles p ON p.id = cp.profile_id
                WHERE cp.container_id = c.id ORDER BY cp.apply_order)) AS profiles,
            (SELECT count(*) FROM containers s WHERE s.parent_id = c.id) AS snapshots
       FROM containers c JOIN engines e ON e.id = c.engine_id
      WHERE c.type = 0 ${where}
      ORDER BY e.name, c.name`,
    params,
  )) as { id: number; engineId: number; engine: string; name: string; architecture: number; profiles: string | null; snapshots: number; created: string | number | null }[];
  return rows.map((r) => ({
    id: Number(r.id),
    engineId: Number(r.engineId),
    engine: r.engine,
    name: r.name,
    architecture: architectureName(Number(r.architecture)),
    profiles: r.profiles ? r.profiles.split('\x1f') : [],
    snapshots: Number(r.snapshots),
    created: createdMs(r.created),
  }));
}

export async function loadContainer(em: EntityManager, engineId: number, name: string): Promise<CatalogContainer | undefined> {
  const rows = (await em.query(
    'SELECT id, name, architecture, type, ephemeral, stateful, description, creation_date FROM containers WHERE engine_id = ? AND name = ?',
    [engineId, name],
  )) as { id: number; name: string; architecture: number; type: number; ephemeral: number; stateful: number; description: string | null; creation_date: string | null }[];
  if (!rows.length) return undefined;
  const r = rows[0];
  const id = Number(r.id);
  const config = toMap(await em.query('SELECT key, value FROM containers_config WHERE container_id = ? ORDER BY key', [id]));
  const devices = await loadDevices(em, 'containers', [id]);
  const profiles = ((await em.query(
    'SELECT p.name FROM containers_profiles cp JOIN profiles p ON p.id = cp.profile_id WHERE cp.container_id = ? ORDER BY cp.apply_order',
    [id],
  )) as { name: string }[]).map((p) => p.name);
  const snaps = ((await em.query('SELECT name FROM containers WHERE parent_id = ? ORDER BY creation_date, id', [id])) as { name: string }[]).map(
    (s) => s.name.slice(s.name.indexOf('/') + 1),
  );
  return {
    id,
    engineId,
    name: r.name,
    architecture: architectureName(Number(r.architecture)),
    type: Number(r.type) === 1 ? 1 : 0,
    ephemeral: !!Number(r.ephemeral),
    stateful: !!Number(r.stateful),
    description: r.description ?? '',
    createdAt: r.creation_date,
    config,
    devices: devices.get(id) ?? {},
    profiles,
    snapshots: snaps,
  };
}

/** Profiles of an engine (all, or the named ones), with config and devices. */
export async function loadProfiles(em: EntityManager, engineId: number, names?: readonly string[]): Promise<MirrorProfile[]> {
  const all = (await em.query('SELECT id, name, description FROM profiles WHERE engine_id = ? ORDER BY name', [engineId])) as {
    id: number;
    name: string;
    description: string | null;
  }[];
  const rows = names ? all.filter((p) => names.includes(p.name)) : all;
  if (!rows.length) return [];
  const ids = rows.map((p) => Number(p.id));
  const marks = ids.map(() => '?').join(', ');
  const cfg = (await em.query(`SELECT profile_id, key, value FROM profiles_config WHERE profile_id IN (${marks}) ORDER BY key`, ids)) as {
    profile_id: number;
    key: string;
    value: string | null;
  }[];
  const devices = await loadDevices(em, 'profiles', ids);
  return rows.map((p) => {
    const id = Number(p.id);
    return {
      name: p.name,
      description: p.description ?? '',
      config: toMap(cfg.filter((c) => Number(c.profile_id) === id)),
      devices: devices.get(id) ?? {},
    };
  });
}

async function loadDevices(em: EntityManager, owner: 'containers' | 'profiles', ids: readonly number[]): Promise<Map<number, DeviceMap>> {
  const fk = owner === 'containers' ? 'container_id' : 'profile_id';
  const devFk = owner === 'containers' ? 'container_device_id' : 'profile_device_id';
  const marks = ids.map(() => '?').join(', ');
  const rows = (await em.query(
    `SELECT d.${fk} AS owner, d.name AS device, d.type AS type, v.key AS key, v.value AS value
       FROM ${owner}_devices d LEFT JOIN ${owner}_devices_config v ON v.${devFk} = d.id
      WHERE d.${fk} IN (${marks}) ORDER BY d.name, v.key`,
    [...ids],
  )) as { owner: number; device: string; type: number; key: string | null; value: string | null }[];
  const out = new Map<number, DeviceMap>();
  for (const r of rows) {
    const o = Number(r.owner);
    let m = out.get(o);
    if (!m) out.set(o, (m = {}));
    if (!Object.hasOwn(m, r.device)) setOwn<StringMap>(m, r.device, { type: deviceTypeName(Number(r.type)) });
    if (r.key !== null) setOwn(m[r.device], r.key, r.value ?? '');
  }
  return out;
}

function toMap(rows: { key: string; value: string | null }[]): StringMap {
  const out: StringMap = {};
  // setOwn: a key named "__proto__" (kept by the YAML import) must come back as a key.
  for (const r of rows) setOwn(out, r.key, r.value ?? '');
  return out;
}

/** sql.js hands a datetime column back as text (TypeORM writes "YYYY-MM-DD HH:MM:SS.SSS", UTC). */
function createdMs(v: string | number | null): number | null {
  if (v === null || v === undefined) return null;
  const ms = typeof v === 'number' ? v : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v.replace(' ', 'T') : `${v.replace(' ', 'T')}Z`);
  return Number.isFinite(ms) ? ms : null;
}
