import type { EntityManager } from 'typeorm';
import { canonical } from './mirrorMemory';
import type { MirrorSection, Written } from './mirrorMemory';
import { byFingerprint, byName } from './storedForm';
import type { StoredDevices, StoredInstance } from './storedForm';
import type { StringMap } from './lxdApi';

type Row = Record<string, string | number | null>;

/**
 * What the catalog holds for an engine, as the signatures a sync compares with (see storedForm and
 * EngineMemory.written), read back from the rows. A process that has not written the engine itself (a new
 * window, or after another program changed the catalog) starts from this instead of from nothing, so
 * its first sync writes only what differs: nothing, when the engine did not change meanwhile.
 */
export async function readWritten(em: EntityManager, engineId: number): Promise<Written> {
  const q = (sql: string): Promise<Row[]> => em.query(sql, [engineId]) as Promise<Row[]>;
  const [containers, cConfig, cDevices, cDeviceConfig, links, profiles, pConfig, pDevices, pDeviceConfig] = await Promise.all([
    q('SELECT id, name, architecture, type, ephemeral, stateful, creation_date, last_use_date, parent_id, description FROM "containers" WHERE engine_id = ?'),
    q('SELECT k.container_id AS owner, k.key, k.value FROM "containers_config" k JOIN "containers" c ON c.id = k.container_id WHERE c.engine_id = ?'),
    q('SELECT d.id, d.container_id AS owner, d.name, d.type FROM "containers_devices" d JOIN "containers" c ON c.id = d.container_id WHERE c.engine_id = ?'),
    q(`SELECT k.container_device_id AS device, k.key, k.value FROM "containers_devices_config" k
         JOIN "containers_devices" d ON d.id = k.container_device_id JOIN "containers" c ON c.id = d.container_id WHERE c.engine_id = ?`),
    q(`SELECT l.container_id AS owner, p.name FROM "containers_profiles" l JOIN "profiles" p ON p.id = l.profile_id
         JOIN "containers" c ON c.id = l.container_id WHERE c.engine_id = ? ORDER BY l.container_id, l.apply_order`),
    q('SELECT id, name, description FROM "profiles" WHERE engine_id = ?'),
    q('SELECT k.profile_id AS owner, k.key, k.value FROM "profiles_config" k JOIN "profiles" p ON p.id = k.profile_id WHERE p.engine_id = ?'),
    q('SELECT d.id, d.profile_id AS owner, d.name, d.type FROM "profiles_devices" d JOIN "profiles" p ON p.id = d.profile_id WHERE p.engine_id = ?'),
    q(`SELECT k.profile_device_id AS device, k.key, k.value FROM "profiles_devices_config" k
         JOIN "profiles_devices" d ON d.id = k.profile_device_id JOIN "profiles" p ON p.id = d.profile_id WHERE p.engine_id = ?`),
  ]);
  const containerConfig = keyed(cConfig, 'owner');
  const containerDevices = devicesOf(cDevices, cDeviceConfig);
  const profileNames = new Map<number, string[]>();
  for (const l of links) push(profileNames, Number(l.owner), String(l.name));
  const form = (r: Row, name: string): StoredInstance => ({
    name,
    architecture: Number(r.architecture),
    ephemeral: Number(r.ephemeral),
    stateful: Number(r.stateful),
    created: r.creation_date as string | null,
    lastUsed: r.last_use_date as string | null,
    description: (r.description as string | null) || null,
    config: containerConfig.get(Number(r.id)) ?? {},
    devices: containerDevices.get(Number(r.id)) ?? {},
    profiles: profileNames.get(Number(r.id)) ?? [],
    snapshots: [],
  });
  const snapshots = new Map<number, StoredInstance[]>();
  for (const r of containers) {
    if (r.parent_id === null) continue;
    const name = String(r.name);
    push(snapshots, Number(r.parent_id), form(r, name.slice(name.indexOf('/') + 1)));
  }
  const instances = new Map<string, string>();
  for (const r of containers) {
    if (r.parent_id !== null) continue;
    const snaps = (snapshots.get(Number(r.id)) ?? []).sort(byName);
    instances.set(String(r.name), canonical({ ...form(r, String(r.name)), snapshots: snaps }));
  }
  const profileConfig = keyed(pConfig, 'owner');
  const profileDevices = devicesOf(pDevices, pDeviceConfig);
  const storedProfiles = profiles
    .map((p) => ({ name: String(p.name), description: (p.description as string | null) || null, config: profileConfig.get(Number(p.id)) ?? {}, devices: profileDevices.get(Number(p.id)) ?? {} }))
    .sort(byName);
  const sections = new Map<MirrorSection, string>([
    ['profiles', canonical(storedProfiles)],
    ['networks', canonical(await networks(q))],
    ['pools', canonical(await pools(q))],
    ['images', canonical(await images(q))],
    ['certificates', canonical((await q('SELECT fingerprint, type, name, certificate FROM "certificates" WHERE engine_id = ?')).map((c) => ({ fingerprint: c.fingerprint, type: Number(c.type), name: c.name, certificate: c.certificate })).sort(byFingerprint))],
    ['config', canonical(Object.fromEntries((await q('SELECT key, value FROM "config" WHERE engine_id = ?')).map((r) => [r.key, r.value])))],
  ]);
  return { instances, sections };
}

async function networks(q: (sql: string) => Promise<Row[]>): Promise<unknown[]> {
  const rows = await q('SELECT id, name, description FROM "networks" WHERE engine_id = ?');
  const config = keyed(await q('SELECT k.network_id AS owner, k.key, k.value FROM "networks_config" k JOIN "networks" n ON n.id = k.network_id WHERE n.engine_id = ?'), 'owner');
  return rows.map((n) => ({ name: String(n.name), description: (n.description as string | null) || null, config: config.get(Number(n.id)) ?? {} })).sort(byName);
}

async function pools(q: (sql: string) => Promise<Row[]>): Promise<unknown[]> {
  const rows = await q('SELECT id, name, driver FROM "storage_pools" WHERE engine_id = ?');
  const config = keyed(await q('SELECT k.storage_pool_id AS owner, k.key, k.value FROM "storage_pools_config" k JOIN "storage_pools" p ON p.id = k.storage_pool_id WHERE p.engine_id = ?'), 'owner');
  const vols = await q('SELECT v.id, v.storage_pool_id AS pool, v.name, v.type, v.description FROM "storage_volumes" v JOIN "storage_pools" p ON p.id = v.storage_pool_id WHERE p.engine_id = ?');
  const volConfig = keyed(
    await q(`SELECT k.storage_volume_id AS owner, k.key, k.value FROM "storage_volumes_config" k JOIN "storage_volumes" v ON v.id = k.storage_volume_id
               JOIN "storage_pools" p ON p.id = v.storage_pool_id WHERE p.engine_id = ?`),
    'owner',
  );
  const byPool = new Map<number, { name: string }[]>();
  for (const v of vols) {
    push(byPool, Number(v.pool), { name: String(v.name), type: Number(v.type), description: (v.description as string | null) || null, config: volConfig.get(Number(v.id)) ?? {} } as { name: string });
  }
  return rows
    .map((p) => ({ name: String(p.name), driver: p.driver, config: config.get(Number(p.id)) ?? {}, volumes: (byPool.get(Number(p.id)) ?? []).sort(byName) }))
    .sort(byName);
}

async function images(q: (sql: string) => Promise<Row[]>): Promise<unknown[]> {
  const rows = await q(`SELECT id, fingerprint, cached, filename, size, public, auto_update, architecture, creation_date, expiry_date, upload_date, last_use_date
                          FROM "images" WHERE engine_id = ?`);
  const join = 'JOIN "images" i ON i.id = x.image_id WHERE i.engine_id = ?';
  const aliases = new Map<number, { name: string; description: string | null }[]>();
  for (const a of await q(`SELECT x.image_id AS owner, x.name, x.description FROM "images_aliases" x ${join}`)) {
    push(aliases, Number(a.owner), { name: String(a.name), description: (a.description as string | null) || null });
  }
  const properties = keyed(await q(`SELECT x.image_id AS owner, x.key, x.value FROM "images_properties" x ${join}`), 'owner');
  const sources = new Map<number, unknown>();
  for (const s of await q(`SELECT x.image_id AS owner, x.server, x.protocol, x.certificate, x.alias FROM "images_source" x ${join}`)) {
    sources.set(Number(s.owner), { server: s.server, protocol: Number(s.protocol), certificate: (s.certificate as string | null) || null, alias: s.alias });
  }
  return rows.map((i) => {
    const id = Number(i.id);
    return {
      fingerprint: i.fingerprint,
      cached: Number(i.cached),
      filename: i.filename,
      size: Number(i.size),
      public: Number(i.public),
      autoUpdate: Number(i.auto_update),
      architecture: Number(i.architecture),
      created: i.creation_date,
      expires: i.expiry_date,
      uploaded: i.upload_date,
      lastUsed: i.last_use_date,
      aliases: (aliases.get(id) ?? []).sort(byName),
      properties: properties.get(id) ?? {},
      source: sources.get(id) ?? null,
    };
  }).sort(byFingerprint);
}

/** key/value rows grouped by their owner's id. */
function keyed(rows: readonly Row[], owner: string): Map<number, StringMap> {
  const out = new Map<number, StringMap>();
  for (const r of rows) {
    const id = Number(r[owner]);
    let m = out.get(id);
    if (!m) out.set(id, (m = {}));
    m[String(r.key)] = r.value as string;
  }
  return out;
}

function devicesOf(devices: readonly Row[], config: readonly Row[]): Map<number, StoredDevices> {
  const keys = keyed(config, 'device');
  const out = new Map<number, StoredDevices>();
  for (const d of devices) {
    const owner = Number(d.owner);
    let m = out.get(owner);
    if (!m) out.set(owner, (m = {}));
    m[String(d.name)] = { ...(keys.get(Number(d.id)) ?? {}), type: Number(d.type) };
  }
  return out;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const xs = m.get(k);
  if (xs) xs.push(v);
  else m.set(k, [v]);
}
