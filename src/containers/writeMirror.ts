import type { EntityManager } from 'typeorm';
import { IdAllocator, deleteIn, insertRows, sqlBool, sqlDate } from './bulkSql';
import type { SqlValue } from './bulkSql';
import { deviceTypeCode } from './deviceTypes';
import type { EngineMirror, MirrorInstance, MirrorProfile, SyncProgress } from './engineMirror';
import type { MirrorSection, WritePlan } from './mirrorMemory';
import { architectureCode, certificateTypeCode, protocolCode, volumeTypeCode } from './lxdCodes';
import type { DeviceMap, StringMap } from './lxdApi';

export interface MirrorCounts {
  instances: number;
  snapshots: number;
  profiles: number;
  networks: number;
  pools: number;
  volumes: number;
  images: number;
  certificates: number;
  removed: number;
}

type IdRow = { id: number; name: string };

/**
 * Mirrors one engine into the catalog inside the caller's transaction, in bulk: ids are assigned in
 * code, parents are upserted (ids of surviving rows stay stable), children are replaced with
 * multi-row INSERTs, and rows the engine no longer has are deleted. Never a per-row `save()`.
 * With a `plan` (see planWrite), only the instances and sections it names are written.
 */
export async function writeMirror(
  em: EntityManager,
  engineId: number,
  m: EngineMirror,
  onProgress?: (p: SyncProgress) => void,
  plan?: WritePlan,
): Promise<MirrorCounts> {
  const ids = new IdAllocator(em);
  const whole = !plan || plan.whole;
  const section = (s: MirrorSection): boolean => whole || plan!.sections.has(s);
  let removed = 0;
  onProgress?.({ message: 'Writing profiles', done: 0, total: 4 });
  if (section('profiles')) removed += (await replaceProfiles(em, ids, engineId, m.profiles, true)).removed;
  onProgress?.({ message: 'Writing instances', done: 1, total: 4 });
  if (whole) {
    removed += (await replaceInstances(em, ids, engineId, m.instances, true)).removed;
  } else {
    // Only what changed since the last write: the changed instances' rows, and the removed ones.
    if (plan.instances.length) await replaceInstances(em, ids, engineId, plan.instances, false);
    for (const name of plan.removed) await removeInstance(em, engineId, name);
    removed += plan.removed.length;
  }
  onProgress?.({ message: 'Writing networks, storage and images', done: 2, total: 4 });
  if (section('networks')) removed += (await replaceNetworks(em, ids, engineId, m)).removed;
  if (section('pools')) removed += (await replaceStorage(em, ids, engineId, m)).removed;
  if (section('images')) removed += (await replaceImages(em, ids, engineId, m)).removed;
  if (section('certificates')) {
    await em.query('DELETE FROM "certificates" WHERE engine_id = ?', [engineId]);
    await insertRows(
      em,
      'certificates',
      ['engine_id', 'fingerprint', 'type', 'name', 'certificate'],
      m.certificates.map((c) => [engineId, c.fingerprint, certificateTypeCode(c.type), c.name, c.certificate]),
    );
  }
  if (section('config')) {
    await em.query('DELETE FROM "config" WHERE engine_id = ?', [engineId]);
    await insertRows(em, 'config', ['engine_id', 'key', 'value'], Object.entries(m.config).map(([k, v]) => [engineId, k, v]));
  }
  onProgress?.({ message: 'Written', done: 4, total: 4 });
  return mirrorCounts(m, removed);
}

/** What a mirror holds, as a sync reports it (also when nothing had to be written). */
export function mirrorCounts(m: EngineMirror, removed: number): MirrorCounts {
  return {
    instances: m.instances.length,
    snapshots: m.instances.reduce((n, i) => n + i.snapshots.length, 0),
    profiles: m.profiles.length,
    networks: m.networks.length,
    pools: m.pools.length,
    volumes: m.pools.reduce((n, p) => n + p.volumes.length, 0),
    images: m.images.length,
    certificates: m.certificates.length,
    removed,
  };
}

/**
 * Replaces the given profiles of an engine (config and devices included). With `exclusive`, the
 * engine's other profiles are deleted; the caller must have unlinked them first.
 */
export async function replaceProfiles(
  em: EntityManager,
  ids: IdAllocator,
  engineId: number,
  profiles: readonly MirrorProfile[],
  exclusive: boolean,
): Promise<{ removed: number }> {
  const existing = (await em.query('SELECT id, name FROM "profiles" WHERE engine_id = ?', [engineId])) as IdRow[];
  const byName = new Map(existing.map((r) => [r.name, Number(r.id)]));
  const keep = new Set(profiles.map((p) => p.name));
  const touched = exclusive ? existing.map((r) => Number(r.id)) : profiles.map((p) => byName.get(p.name)).filter(isNum);
  await deleteChildren(em, 'profiles', touched);
  let removed = 0;
  if (exclusive) {
    const gone = existing.filter((r) => !keep.has(r.name)).map((r) => Number(r.id));
    // Links from this engine's containers are rewritten by replaceInstances; drop them now so the
    // profile rows can go (profile_id has no cascade, as in LXD).
    await deleteIn(em, 'containers_profiles', 'profile_id', gone);
    await deleteIn(em, 'profiles', 'id', gone);
    removed = gone.length;
  }
  const rows: SqlValue[][] = [];
  const owners: [number, StringMap, DeviceMap][] = [];
  for (const p of profiles) {
    const id = byName.get(p.name) ?? (await ids.take('profiles'));
    rows.push([id, engineId, p.name, p.description || null]);
    owners.push([id, p.config, p.devices]);
  }
  await insertRows(em, 'profiles', ['id', 'engine_id', 'name', 'description'], rows, 'id');
  await insertConfigAndDevices(em, ids, 'profiles', owners);
  return { removed };
}

/**
 * Replaces the given instances (and their snapshots) of an engine. With `exclusive`, every other
 * container of the engine is deleted (the engine no longer has it).
 */
export async function replaceInstances(
  em: EntityManager,
  ids: IdAllocator,
  engineId: number,
  instances: readonly MirrorInstance[],
  exclusive: boolean,
): Promise<{ removed: number }> {
  const existing = (await em.query('SELECT id, name FROM "containers" WHERE engine_id = ?', [engineId])) as IdRow[];
  const byName = new Map(existing.map((r) => [r.name, Number(r.id)]));
  const wanted = new Set<string>();
  for (const i of instances) {
    wanted.add(i.name);
    for (const s of i.snapshots) wanted.add(`${i.name}/${s.name}`);
  }
  let gone: number[];
  if (exclusive) {
    gone = existing.filter((r) => !wanted.has(r.name)).map((r) => Number(r.id));
  } else {
    // The named instances' snapshots that the engine no longer lists.
    const names = new Set(instances.map((i) => i.name));
    gone = existing
      .filter((r) => r.name.includes('/') && names.has(r.name.slice(0, r.name.indexOf('/'))) && !wanted.has(r.name))
      .map((r) => Number(r.id));
  }
  const touched = exclusive ? existing.map((r) => Number(r.id)) : [...wanted].map((n) => byName.get(n)).filter(isNum);
  await deleteChildren(em, 'containers', touched);
  await deleteIn(em, 'containers', 'id', gone);

  const profileIds = new Map(
    ((await em.query('SELECT id, name FROM "profiles" WHERE engine_id = ?', [engineId])) as IdRow[]).map((r) => [r.name, Number(r.id)]),
  );
  const cols = ['id', 'engine_id', 'name', 'architecture', 'type', 'ephemeral', 'stateful', 'creation_date', 'last_use_date', 'parent_id', 'description'];
  const rows: SqlValue[][] = [];
  const owners: [number, StringMap, DeviceMap][] = [];
  const links: SqlValue[][] = [];
  const link = (id: number, profiles: readonly string[]): void => {
    profiles.forEach((p, order) => {
      const pid = profileIds.get(p);
      if (pid !== undefined) links.push([id, pid, order]);
    });
  };
  for (const i of instances) {
    const id = byName.get(i.name) ?? (await ids.take('containers'));
    rows.push([id, engineId, i.name, architectureCode(i.architecture), 0, sqlBool(i.ephemeral), sqlBool(i.stateful), sqlDate(i.createdAt), sqlDate(i.lastUsedAt), null, i.description || null]);
    owners.push([id, i.config, i.devices]);
    link(id, i.profiles);
    for (const s of i.snapshots) {
      const name = `${i.name}/${s.name}`;
      const sid = byName.get(name) ?? (await ids.take('containers'));
      rows.push([sid, engineId, name, architectureCode(s.architecture), 1, 0, sqlBool(s.stateful), sqlDate(s.createdAt), sqlDate(s.lastUsedAt), id, null]);
      owners.push([sid, s.config, s.devices]);
      link(sid, s.profiles);
    }
  }
  await insertRows(em, 'containers', cols, rows, 'id');
  await insertConfigAndDevices(em, ids, 'containers', owners);
  await insertRows(em, 'containers_profiles', ['container_id', 'profile_id', 'apply_order'], links);
  return { removed: gone.length };
}

/** Removes one instance (its snapshots, config, devices and links cascade). */
export async function removeInstance(em: EntityManager, engineId: number, name: string): Promise<void> {
  const rows = (await em.query('SELECT id FROM "containers" WHERE engine_id = ? AND (name = ? OR name LIKE ? ESCAPE \'\\\')', [
    engineId,
    name,
    `${name.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`,
  ])) as { id: number }[];
  const ids = rows.map((r) => Number(r.id));
  await deleteChildren(em, 'containers', ids);
  await deleteIn(em, 'containers', 'id', ids);
}

async function deleteChildren(em: EntityManager, owner: 'containers' | 'profiles', ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const fk = owner === 'containers' ? 'container_id' : 'profile_id';
  const devFk = owner === 'containers' ? 'container_device_id' : 'profile_device_id';
  const devIds = await selectIn(em, `SELECT id FROM "${owner}_devices" WHERE ${fk} IN`, ids);
  await deleteIn(em, `${owner}_devices_config`, devFk, devIds);
  await deleteIn(em, `${owner}_devices`, fk, ids);
  await deleteIn(em, `${owner}_config`, fk, ids);
  if (owner === 'containers') await deleteIn(em, 'containers_profiles', 'container_id', ids);
}

async function insertConfigAndDevices(
  em: EntityManager,
  ids: IdAllocator,
  owner: 'containers' | 'profiles',
  owners: readonly [number, StringMap, DeviceMap][],
): Promise<void> {
  const fk = owner === 'containers' ? 'container_id' : 'profile_id';
  const devFk = owner === 'containers' ? 'container_device_id' : 'profile_device_id';
  const config: SqlValue[][] = [];
  const devices: SqlValue[][] = [];
  const devConfig: SqlValue[][] = [];
  const deviceCount = owners.reduce((n, [, , d]) => n + Object.keys(d).length, 0);
  let devId = await ids.take(`${owner}_devices`, deviceCount);
  for (const [id, cfg, devs] of owners) {
    for (const [k, v] of Object.entries(cfg)) config.push([id, k, v]);
    for (const [name, dev] of Object.entries(devs)) {
      const did = devId++;
      devices.push([did, id, name, deviceTypeCode(dev.type)]);
      // As in LXD, the type lives in the device row, not among its keys.
      for (const [k, v] of Object.entries(dev)) if (k !== 'type') devConfig.push([did, k, v]);
    }
  }
  await insertRows(em, `${owner}_config`, [fk, 'key', 'value'], config);
  await insertRows(em, `${owner}_devices`, ['id', fk, 'name', 'type'], devices);
  await insertRows(em, `${owner}_devices_config`, [devFk, 'key', 'value'], devConfig);
}

async function replaceNetworks(em: EntityManager, ids: IdAllocator, engineId: number, m: EngineMirror): Promise<{ removed: number }> {
  const existing = (await em.query('SELECT id, name FROM "networks" WHERE engine_id = ?', [engineId])) as IdRow[];
  const byName = new Map(existing.map((r) => [r.name, Number(r.id)]));
  const keep = new Set(m.networks.map((n) => n.name));
  await deleteIn(em, 'networks_config', 'network_id', existing.map((r) => Number(r.id)));
  const gone = existing.filter((r) => !keep.has(r.name)).map((r) => Number(r.id));
  await deleteIn(em, 'networks', 'id', gone);
  const rows: SqlValue[][] = [];
  const config: SqlValue[][] = [];
  for (const n of m.networks) {
    const id = byName.get(n.name) ?? (await ids.take('networks'));
    rows.push([id, engineId, n.name, n.description || null]);
    for (const [k, v] of Object.entries(n.config)) config.push([id, k, v]);
  }
  await insertRows(em, 'networks', ['id', 'engine_id', 'name', 'description'], rows, 'id');
  await insertRows(em, 'networks_config', ['network_id', 'key', 'value'], config);
  return { removed: gone.length };
}

async function replaceStorage(em: EntityManager, ids: IdAllocator, engineId: number, m: EngineMirror): Promise<{ removed: number }> {
  const existing = (await em.query('SELECT id, name FROM "storage_pools" WHERE engine_id = ?', [engineId])) as IdRow[];
  const byName = new Map(existing.map((r) => [r.name, Number(r.id)]));
  const keep = new Set(m.pools.map((p) => p.name));
  const all = existing.map((r) => Number(r.id));
  const volIds = await selectIn(em, 'SELECT id FROM "storage_volumes" WHERE storage_pool_id IN', all);
  await deleteIn(em, 'storage_volumes_config', 'storage_volume_id', volIds);
  await deleteIn(em, 'storage_volumes', 'id', volIds);
  await deleteIn(em, 'storage_pools_config', 'storage_pool_id', all);
  const gone = existing.filter((r) => !keep.has(r.name)).map((r) => Number(r.id));
  await deleteIn(em, 'storage_pools', 'id', gone);
  const pools: SqlValue[][] = [];
  const poolConfig: SqlValue[][] = [];
  const vols: SqlValue[][] = [];
  const volConfig: SqlValue[][] = [];
  const volCount = m.pools.reduce((n, p) => n + p.volumes.length, 0);
  let vid = await ids.take('storage_volumes', volCount);
  for (const p of m.pools) {
    const id = byName.get(p.name) ?? (await ids.take('storage_pools'));
    pools.push([id, engineId, p.name, p.driver]);
    for (const [k, v] of Object.entries(p.config)) poolConfig.push([id, k, v]);
    for (const v of p.volumes) {
      const volId = vid++;
      vols.push([volId, id, v.name, volumeTypeCode(v.type), v.description || null]);
      for (const [k, val] of Object.entries(v.config)) volConfig.push([volId, k, val]);
    }
  }
  await insertRows(em, 'storage_pools', ['id', 'engine_id', 'name', 'driver'], pools, 'id');
  await insertRows(em, 'storage_pools_config', ['storage_pool_id', 'key', 'value'], poolConfig);
  await insertRows(em, 'storage_volumes', ['id', 'storage_pool_id', 'name', 'type', 'description'], vols);
  await insertRows(em, 'storage_volumes_config', ['storage_volume_id', 'key', 'value'], volConfig);
  return { removed: gone.length };
}

async function replaceImages(em: EntityManager, ids: IdAllocator, engineId: number, m: EngineMirror): Promise<{ removed: number }> {
  const existing = (await em.query('SELECT id, fingerprint AS name FROM "images" WHERE engine_id = ?', [engineId])) as IdRow[];
  const byFp = new Map(existing.map((r) => [r.name, Number(r.id)]));
  const keep = new Set(m.images.map((i) => i.fingerprint));
  const all = existing.map((r) => Number(r.id));
  for (const t of ['images_aliases', 'images_properties', 'images_source']) await deleteIn(em, t, 'image_id', all);
  const gone = existing.filter((r) => !keep.has(r.name)).map((r) => Number(r.id));
  await deleteIn(em, 'images', 'id', gone);
  const rows: SqlValue[][] = [];
  const aliases: SqlValue[][] = [];
  const props: SqlValue[][] = [];
  const sources: SqlValue[][] = [];
  for (const i of m.images) {
    const id = byFp.get(i.fingerprint) ?? (await ids.take('images'));
    rows.push([
      id, engineId, sqlBool(i.cached), i.fingerprint, i.filename, i.size, sqlBool(i.public), sqlBool(i.autoUpdate),
      architectureCode(i.architecture), sqlDate(i.createdAt), sqlDate(i.expiresAt), sqlDate(i.uploadedAt), sqlDate(i.lastUsedAt),
    ]);
    for (const a of i.aliases) aliases.push([a.name, id, a.description || null]);
    for (const [k, v] of Object.entries(i.properties)) props.push([id, 0, k, v]);
    if (i.source) sources.push([id, i.source.server, protocolCode(i.source.protocol), i.source.certificate || null, i.source.alias]);
  }
  await insertRows(
    em,
    'images',
    ['id', 'engine_id', 'cached', 'fingerprint', 'filename', 'size', 'public', 'auto_update', 'architecture', 'creation_date', 'expiry_date', 'upload_date', 'last_use_date'],
    rows,
    'id',
  );
  await insertRows(em, 'images_aliases', ['name', 'image_id', 'description'], aliases);
  await insertRows(em, 'images_properties', ['image_id', 'type', 'key', 'value'], props);
  await insertRows(em, 'images_source', ['image_id', 'server', 'protocol', 'certificate', 'alias'], sources);
  // An outdated mark is about a tag or an update source; an image left with neither (its tag moved to
  // the build pulled again) has nothing to be behind any more.
  await em.query(
    `UPDATE images SET outdated = 0 WHERE engine_id = ? AND outdated = 1
       AND NOT EXISTS (SELECT 1 FROM images_aliases a WHERE a.image_id = images.id)
       AND NOT EXISTS (SELECT 1 FROM images_source s WHERE s.image_id = images.id)`,
    [engineId],
  );
  return { removed: gone.length };
}

async function selectIn(em: EntityManager, prefix: string, ids: readonly number[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i += 8000) {
    const chunk = ids.slice(i, i + 8000);
    const rows = (await em.query(`${prefix} (${chunk.map(() => '?').join(', ')})`, chunk)) as { id: number }[];
    for (const r of rows) out.push(Number(r.id));
  }
  return out;
}

function isNum(n: number | undefined): n is number {
  return typeof n === 'number';
}
