import type { Catalog } from '../store/catalog';
import { changeEngine } from './engineCall';
import type { EngineContext } from './engineConnection';
import { EngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import type { LxdClient } from './lxdClient';
import { nameProblem } from './objectRules';
import { LXD_INSTANCE_NAME } from '../shared/containerNames';

const seg = encodeURIComponent;

function checkInstanceName(name: string): void {
  if (!LXD_INSTANCE_NAME.test(name)) throw new EngineError('api', `"${name}": an LXD instance name starts with a letter, has only letters, digits and "-", and does not end with "-" (at most 63).`);
}

async function onLxd<T>(catalog: Catalog, e: EngineRecord, ctx: EngineContext, fn: (lxd: LxdClient) => Promise<T>): Promise<T> {
  if (e.kind !== 'lxd') throw new EngineError('api', `${e.name} is not an LXD engine; publish, copy and rename are LXD's.`);
  return changeEngine(catalog, e, ctx, (conn) => {
    if (conn.kind !== 'lxd') throw new EngineError('protocol', `${e.name} does not answer like LXD.`);
    return fn(conn.lxd);
  });
}

/**
 * `lxc publish`: an instance (stopped) or one of its snapshots becomes an image, with an optional alias.
 * Returns the new image's fingerprint.
 */
export async function publishInstance(catalog: Catalog, e: EngineRecord, ctx: EngineContext, p: { instance: string; snapshot?: string; alias?: string; isPublic?: boolean }): Promise<string> {
  if (p.alias !== undefined && nameProblem(p.alias)) throw new EngineError('api', `"${p.alias}": an alias ${nameProblem(p.alias)}.`);
  return onLxd(catalog, e, ctx, async (lxd) => {
    if (p.alias !== undefined && (await lxd.rawRequest('GET', `/1.0/images/aliases/${seg(p.alias)}`)).status === 200) {
      throw new EngineError('api', `LXD already has an image alias "${p.alias}"; choose another.`);
    }
    const source = p.snapshot ? { type: 'snapshot', name: `${p.instance}/${p.snapshot}` } : { type: 'instance', name: p.instance };
    const before = new Set((await lxd.images()).map((i) => i.fingerprint));
    await lxd.act('POST', '/1.0/images', { source, public: p.isPublic ?? false, aliases: p.alias ? [{ name: p.alias, description: '' }] : [] });
    const made = (await lxd.images()).find((i) => !before.has(i.fingerprint) || (p.alias !== undefined && i.aliases.some((a) => a.name === p.alias)));
    if (!made) throw new EngineError('protocol', 'LXD finished the publish but shows no new image.');
    return made.fingerprint;
  });
}

/** `lxc copy`: a new instance `target` from `source` (or its snapshot), not started. */
export async function copyInstance(catalog: Catalog, e: EngineRecord, ctx: EngineContext, p: { source: string; snapshot?: string; target: string }): Promise<void> {
  checkInstanceName(p.target);
  await onLxd(catalog, e, ctx, async (lxd) => {
    // As `lxc copy` does: the request carries the source's profiles, config and devices (without them LXD
    // makes the copy with none, and refuses it for want of a root disk); volatile keys stay behind.
    const src = await lxd.instance(p.source);
    const config = Object.fromEntries(Object.entries(src.config).filter(([k]) => !k.startsWith('volatile.')));
    await lxd.act('POST', '/1.0/instances', {
      name: p.target, profiles: src.profiles, config, devices: src.devices, ephemeral: false,
      source: { type: 'copy', source: p.snapshot ? `${p.source}/${p.snapshot}` : p.source },
    });
  });
}

/** `lxc move a b` on one server: renames an instance; LXD refuses a running one. */
export async function renameInstance(catalog: Catalog, e: EngineRecord, ctx: EngineContext, p: { name: string; newName: string }): Promise<void> {
  checkInstanceName(p.newName);
  await onLxd(catalog, e, ctx, (lxd) => lxd.act('POST', `/1.0/instances/${seg(p.name)}`, { name: p.newName }));
}
