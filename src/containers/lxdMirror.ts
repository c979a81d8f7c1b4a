import { throwIfAborted } from './engineError';
import { lxdDate } from './engineMirror';
import type { EngineMirror, MirrorInstance, MirrorPool, MirrorProfile, SyncProgress } from './engineMirror';
import type { LxdClient } from './lxdClient';
import type { LxdInstance, LxdProfile, LxdSnapshot } from './lxdApi';
import { mapLimit } from './mapLimit';

export interface FetchOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SyncProgress) => void;
  /** Parallel requests (snapshots, volumes). */
  readonly concurrency?: number;
}

/** Reads everything LXD keeps in its database through the API: the input of a sync. */
export async function fetchLxdMirror(client: LxdClient, opts: FetchOptions = {}): Promise<EngineMirror> {
  const { signal } = opts;
  const report = (message: string, done: number, total: number): void => opts.onProgress?.({ message, done, total });
  const server = await client.ensureTrusted(signal);
  report('Reading instances', 0, 1);
  // One call brings every instance with its snapshots where the server supports it; older servers
  // need one snapshot list per instance.
  const full = (server.api_extensions ?? []).includes('instance_get_full');
  const [instances, profiles, networks, pools, images, certificates] = await Promise.all([
    full ? client.instancesFull(signal) : client.instances(signal),
    client.profiles(signal),
    client.networks(signal),
    client.storagePools(signal),
    client.images(signal),
    client.certificates(signal),
  ]);
  throwIfAborted(signal);
  let done = 0;
  const total = (full ? 0 : instances.length) + pools.length;
  const mirrored = full
    ? instances.map((i) => toInstance(i, (i as { snapshots?: LxdSnapshot[] | null }).snapshots ?? []))
    : await mapLimit(
        instances,
        opts.concurrency ?? 8,
        async (i) => {
          const snaps = await client.snapshots(i.name, signal);
          report(`Reading instance ${i.name}`, ++done, total);
          return toInstance(i, snaps);
        },
        signal,
      );
  const mirroredPools: MirrorPool[] = await mapLimit(
    pools,
    4,
    async (p) => {
      const volumes = await client.storageVolumes(p.name, signal);
      report(`Reading pool ${p.name}`, ++done, total);
      return {
        name: p.name,
        driver: p.driver,
        description: p.description ?? '',
        config: p.config ?? {},
        volumes: volumes.map((v) => ({ name: v.name, type: v.type, description: v.description ?? '', config: v.config ?? {} })),
      };
    },
    signal,
  );
  return {
    instances: mirrored,
    profiles: profiles.map(toProfile),
    // LXD's database holds managed networks only; the API also lists host interfaces.
    networks: networks
      .filter((n) => n.managed)
      .map((n) => ({ name: n.name, description: n.description ?? '', type: n.type, config: n.config ?? {} })),
    pools: mirroredPools,
    images: images.map((img) => ({
      fingerprint: img.fingerprint,
      filename: img.filename ?? '',
      size: img.size ?? 0,
      public: !!img.public,
      autoUpdate: !!img.auto_update,
      cached: !!img.cached,
      architecture: img.architecture,
      createdAt: lxdDate(img.created_at),
      expiresAt: lxdDate(img.expires_at),
      uploadedAt: lxdDate(img.uploaded_at) ?? new Date(0),
      lastUsedAt: lxdDate(img.last_used_at),
      aliases: (img.aliases ?? []).map((a) => ({ name: a.name, description: a.description ?? '' })),
      properties: img.properties ?? {},
      source: img.update_source
        ? {
            server: img.update_source.server,
            protocol: img.update_source.protocol,
            certificate: img.update_source.certificate ?? '',
            alias: img.update_source.alias,
          }
        : null,
    })),
    certificates: certificates.map((c) => ({ fingerprint: c.fingerprint, type: c.type, name: c.name, certificate: c.certificate })),
    config: publicServerConfig(server.config ?? {}),
  };
}

export function toProfile(p: LxdProfile): MirrorProfile {
  return { name: p.name, description: p.description ?? '', config: p.config ?? {}, devices: p.devices ?? {} };
}

export function toInstance(i: LxdInstance, snaps: LxdSnapshot[]): MirrorInstance {
  return {
    name: i.name,
    architecture: i.architecture,
    ephemeral: !!i.ephemeral,
    stateful: !!i.stateful,
    description: i.description ?? '',
    createdAt: lxdDate(i.created_at),
    lastUsedAt: lxdDate(i.last_used_at),
    config: i.config ?? {},
    devices: i.devices ?? {},
    profiles: i.profiles ?? [],
    snapshots: snaps.map((s) => ({
      // The API returns the short name; older servers return `parent/snap`.
      name: s.name.includes('/') ? s.name.slice(s.name.indexOf('/') + 1) : s.name,
      architecture: s.architecture,
      stateful: !!s.stateful,
      createdAt: lxdDate(s.created_at),
      lastUsedAt: lxdDate(s.last_used_at),
      config: s.config ?? {},
      devices: s.devices ?? {},
      profiles: s.profiles ?? [],
    })),
  };
}

/** Server keys that could hold a secret (`core.trust_password`, …) never reach the catalog. */
function publicServerConfig(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).filter(([k]) => !/password|secret|token/i.test(k)));
}
