import { stringify } from 'yaml';
import type { EngineConnection } from './engineConnection';
import type { LxdInstance } from './lxdApi';

export type InspectKind = 'container' | 'image' | 'network' | 'volume';

export interface Inspected {
  readonly text: string;
  readonly language: 'json' | 'yaml';
}

const seg = encodeURIComponent;

/**
 * An object as its engine describes it, for reading: Podman's own inspect (what `podman inspect` prints),
 * Docker's inspect, both as JSON; LXD as YAML, an instance as `lxc config show` prints it and the others
 * as `lxc network|image|storage volume show` do. An LXD volume is named `<pool>/<volume>`.
 */
export async function inspectObject(conn: EngineConnection, kind: InspectKind, name: string, signal?: AbortSignal): Promise<Inspected> {
  if (conn.kind !== 'lxd') {
    const raw = await conn.docker.inspectRaw(kind, name, conn.kind === 'podman');
    // libpod answers some inspects as a one-element list, as `podman inspect` prints them.
    return { text: JSON.stringify(Array.isArray(raw) ? raw : [raw], null, 2) + '\n', language: 'json' };
  }
  if (kind === 'container') {
    const i = (await conn.lxd.object(`/1.0/instances/${seg(name)}`, signal)) as LxdInstance;
    const shown = {
      architecture: i.architecture,
      config: i.config,
      devices: i.devices,
      ephemeral: i.ephemeral,
      profiles: i.profiles,
      stateful: i.stateful,
      description: i.description ?? '',
    };
    return { text: stringify(shown), language: 'yaml' };
  }
  let path: string;
  if (kind === 'volume') {
    const slash = name.indexOf('/');
    if (slash < 1) throw new Error(`An LXD volume is named <pool>/<volume>, not "${name}".`);
    path = `/1.0/storage-pools/${seg(name.slice(0, slash))}/volumes/custom/${seg(name.slice(slash + 1))}`;
  } else {
    path = kind === 'image' ? `/1.0/images/${seg(name)}` : `/1.0/networks/${seg(name)}`;
  }
  const obj = (await conn.lxd.object(path, signal)) as { used_by?: string[] };
  // lxc sorts the users; LXD lists them in no stable order.
  if (Array.isArray(obj.used_by)) obj.used_by = [...obj.used_by].sort();
  return { text: stringify(obj), language: 'yaml' };
}
