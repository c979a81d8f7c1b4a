import type { Catalog } from '../store/catalog';
import { IdAllocator } from './bulkSql';
import { loadContainer, loadProfiles } from './catalogReads';
import type { EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { EngineError, isEngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import { nameProblem } from './objectRules';
import { refreshInstance } from './refreshInstance';
import { refreshProfile } from './refreshProfile';
import { containersUsingProfile } from './usedBy';
import { replaceInstances, replaceProfiles } from './writeMirror';
import { containerFromYaml, containerToYaml, profileFromYaml, profileToYaml } from './yamlShapes';

/** `lxc profile show`-shaped YAML of a profile as the catalog holds it. */
export async function exportProfile(catalog: Catalog, engine: EngineRecord, name: string): Promise<string> {
  return catalog.read(async (em) => {
    const [p] = await loadProfiles(em, engine.id, [name]);
    if (!p) throw new Error(`No profile "${name}" in ${engine.name}.`);
    const users = await containersUsingProfile(em, engine.id, name);
    return profileToYaml(p, users.map((u) => u.name));
  });
}

/**
 * Imports profile YAML into the catalog under `engine` (usually the local catalog, as a draft).
 * An existing profile of that name is replaced; containers keep their links to it.
 */
export async function importProfile(catalog: Catalog, engine: EngineRecord, yamlText: string, name?: string): Promise<string> {
  const p = profileFromYaml(yamlText, name);
  await catalog.write((em) => replaceProfiles(em, new IdAllocator(em), engine.id, [p], false));
  return p.name;
}

/**
 * Creates (or updates) on an LXD engine a profile the catalog holds (e.g. a local-catalog draft), then
 * mirrors the engine's result into the catalog under that engine.
 */
export async function applyProfileToEngine(
  catalog: Catalog,
  from: EngineRecord,
  name: string,
  target: EngineRecord,
  ctx: EngineContext,
): Promise<void> {
  if (target.kind !== 'lxd') throw new Error(`Profiles exist only on LXD engines; ${target.name} is ${target.kind}.`);
  const [p] = await catalog.read((em) => loadProfiles(em, from.id, [name]));
  if (!p) throw new Error(`No profile "${name}" in ${from.name}.`);
  const conn = await openEngine(target, ctx);
  try {
    if (conn.kind !== 'lxd') throw new EngineError('protocol', 'Not an LXD engine.');
    const body = { description: p.description, config: p.config, devices: p.devices };
    let exists = true;
    try {
      await conn.lxd.profile(name);
    } catch (err) {
      if (isEngineError(err, 'api') && err.status === 404) exists = false;
      else throw err;
    }
    if (exists) await conn.lxd.putProfile(name, body);
    else await conn.lxd.createProfile({ name, ...body });
    await refreshProfile(catalog, target.id, conn.lxd, name);
  } finally {
    conn.close();
  }
}

/** `lxc config show`-shaped YAML of a container (its own keys and devices, profiles in order). */
export async function exportContainer(catalog: Catalog, engine: EngineRecord, name: string): Promise<string> {
  const c = await catalog.read((em) => loadContainer(em, engine.id, name));
  if (!c) throw new Error(`No container "${name}" in ${engine.name}.`);
  return containerToYaml(c);
}

/**
 * Imports `lxc config show` YAML as a container of `engine` (usually a local-catalog draft). Profiles
 * the catalog does not hold for that engine are reported, not linked: import them first.
 */
export async function importContainer(catalog: Catalog, engine: EngineRecord, name: string, yamlText: string): Promise<{ missingProfiles: string[] }> {
  const problem = nameProblem(name);
  if (problem) throw new Error(`Invalid container name ${JSON.stringify(name.slice(0, 80))}: ${problem}.`);
  const c = containerFromYaml(yamlText);
  return catalog.write(async (em) => {
    const known = new Set(((await em.query('SELECT name FROM profiles WHERE engine_id = ?', [engine.id])) as { name: string }[]).map((r) => r.name));
    await replaceInstances(
      em,
      new IdAllocator(em),
      engine.id,
      [{ ...c, name, createdAt: null, lastUsedAt: null, snapshots: [] }],
      false,
    );
    // Profile links are rows; a profile the catalog does not hold cannot be linked. Say which.
    return { missingProfiles: c.profiles.filter((p) => !known.has(p)) };
  });
}

/**
 * Creates on an LXD engine a container the catalog holds (e.g. a local-catalog draft imported from
 * YAML): same profiles in order, own config (volatile.* and image.* are LXD's to set) and devices,
 * from `image` (alias or fingerprint) or the draft's `volatile.base_image`. The catalog then mirrors
 * what LXD created.
 */
export async function applyContainerToEngine(
  catalog: Catalog,
  from: EngineRecord,
  name: string,
  target: EngineRecord,
  ctx: EngineContext,
  opts: { image?: string; as?: string } = {},
): Promise<string> {
  if (target.kind !== 'lxd') throw new Error(`Only LXD engines take container definitions; ${target.name} is ${target.kind}.`);
  const draft = await catalog.read((em) => loadContainer(em, from.id, name));
  if (!draft) throw new Error(`No container "${name}" in ${from.name}.`);
  const image = opts.image ?? draft.config['volatile.base_image'];
  if (!image) throw new Error(`"${name}" names no image (volatile.base_image); choose one.`);
  const newName = opts.as ?? name;
  const config = Object.fromEntries(Object.entries(draft.config).filter(([k]) => !/^(volatile|image)\./.test(k)));
  const conn = await openEngine(target, ctx);
  try {
    if (conn.kind !== 'lxd') throw new EngineError('protocol', 'Not an LXD engine.');
    await conn.lxd.createInstance({
      name: newName,
      type: 'container',
      source: /^[0-9a-f]{64}$/.test(image) ? { type: 'image', fingerprint: image } : { type: 'image', alias: image },
      profiles: draft.profiles,
      config,
      devices: draft.devices,
      ephemeral: draft.ephemeral,
      description: draft.description,
    });
    await refreshInstance(catalog, target.id, conn, newName);
  } finally {
    conn.close();
  }
  return newName;
}
