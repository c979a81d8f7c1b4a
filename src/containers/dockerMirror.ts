import type { DockerContainer, DockerContainerSummary, DockerImage, DockerNetwork, DockerVolume } from './dockerApi';
import type { DockerClient } from './dockerClient';
import { isEngineError, throwIfAborted } from './engineError';
import type { EngineMirror, MirrorImage, MirrorInstance, MirrorNetwork, MirrorPool } from './engineMirror';
import type { DeviceMap, StringMap } from './lxdApi';
import type { FetchOptions } from './lxdMirror';
import { mapLimit } from './mapLimit';
import type { EngineMemory } from './mirrorMemory';

/** Docker's architecture names → LXD's. */
const ARCH: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64', arm: 'armv7l', '386': 'i686', ppc64le: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export function lxdArchitecture(dockerArch: string | undefined): string {
  if (!dockerArch) return 'unknown';
  return ARCH[dockerArch] ?? dockerArch;
}

export interface DockerFetchOptions extends FetchOptions {
  /**
   * What was read before (see EngineMemory), updated in place: containers by id with the fingerprint
   * of their list entry then (an unchanged entry reuses that instance; only new or changed containers
   * are inspected), and the engine's version.
   */
  readonly memory?: Pick<EngineMemory, 'listed' | 'dockerVersion'>;
}

/**
 * Reads a Podman/Docker engine into LXD's shape, so one set of tables and one used-by query serve both:
 * labels → `label.<key>`, env → `environment.<NAME>` (LXD's own key for env),
 * mounts → disk devices, networks → nic devices (`network=<name>`), published ports → proxy devices.
 *
 * The list call carries labels, mounts, networks, ports and state but not env, command, restart policy
 * or start time, so a container is inspected once when it first appears and again only when its list
 * entry changes (a start or stop changes its state; env cannot change without a new container id).
 * A sync with nothing changed costs four list calls, whatever the number of containers.
 */
export async function fetchDockerMirror(client: DockerClient, opts: DockerFetchOptions = {}): Promise<EngineMirror> {
  const { signal } = opts;
  const memory: Pick<EngineMemory, 'listed' | 'dockerVersion'> = opts.memory ?? { listed: new Map() };
  const version = (memory.dockerVersion ??= await client.version(signal));
  const arch = lxdArchitecture(version.Arch);
  const podman = (version.Components ?? []).some((c) => /podman/i.test(c.Name));
  const [list, images, networks, volumes] = await Promise.all([
    client.containers(signal),
    client.images(signal),
    podman ? client.libpodNetworks(signal) : client.networks(signal),
    client.volumes(signal),
  ]);
  throwIfAborted(signal);
  const listed = memory.listed;
  const stale = list.filter((c) => listed.get(c.Id)?.fingerprint !== listFingerprint(c));
  let done = 0;
  const inspected = await mapLimit(
    stale,
    opts.concurrency ?? 8,
    async (c) => {
      const full = await client.inspect(c.Id, signal).catch((err: unknown) => {
        // Removed between the list and the inspect: the next sync (or its destroy event) drops it.
        if (isEngineError(err, 'api') && err.status === 404) return undefined;
        throw err;
      });
      opts.onProgress?.({ message: `Reading container ${c.Names[0]?.replace(/^\//, '') ?? c.Id}`, done: ++done, total: stale.length });
      return full;
    },
    signal,
  );
  stale.forEach((c, n) => {
    const full = inspected[n];
    if (full) listed.set(c.Id, { fingerprint: listFingerprint(c), instance: dockerInstance(full, arch) });
  });
  const ids = new Set(list.map((c) => c.Id));
  for (const id of [...listed.keys()]) if (!ids.has(id)) listed.delete(id);
  return {
    instances: list.flatMap((c) => listed.get(c.Id)?.instance ?? []),
    profiles: [],
    networks: networks.map(dockerNetwork),
    pools: dockerPools(volumes),
    images: images.map((i) => dockerImage(i, arch)),
    certificates: [],
    config: {},
  };
}

/** A list entry without its human-readable uptime ("Up 3 minutes"), which changes without anything happening. */
export function listFingerprint(c: DockerContainerSummary): string {
  const { Status: _uptime, ...rest } = c as DockerContainerSummary & Record<string, unknown>;
  return JSON.stringify(rest);
}

export function dockerInstance(c: DockerContainer, arch: string): MirrorInstance {
  const config: StringMap = { image: c.Config.Image, 'volatile.base_image': stripSha(c.Image) };
  if (c.Config.Cmd?.length) config.command = JSON.stringify(c.Config.Cmd);
  for (const [k, v] of Object.entries(c.Config.Labels ?? {})) config[`label.${k}`] = v;
  for (const e of c.Config.Env ?? []) {
    const eq = e.indexOf('=');
    if (eq > 0) config[`environment.${e.slice(0, eq)}`] = e.slice(eq + 1);
  }
  if (c.HostConfig.RestartPolicy?.Name) config['restart.policy'] = c.HostConfig.RestartPolicy.Name;
  const devices: DeviceMap = {};
  const unique = (base: string): string => {
    let n = base || 'device';
    for (let i = 2; devices[n]; i++) n = `${base}-${i}`;
    return n;
  };
  for (const m of c.Mounts ?? []) {
    const d: StringMap = { type: 'disk', path: m.Destination };
    if (m.Type === 'volume' && m.Name) {
      d.pool = m.Driver || 'local';
      d.source = m.Name;
    } else {
      d.source = m.Source;
    }
    if (!m.RW) d.readonly = 'true';
    devices[unique(slug(m.Destination))] = d;
  }
  for (const [net, ep] of Object.entries(c.NetworkSettings.Networks ?? {})) {
    const d: StringMap = { type: 'nic', network: net };
    // Only configured addresses are configuration; the leased one is runtime state.
    if (ep.IPAMConfig?.IPv4Address) d['ipv4.address'] = ep.IPAMConfig.IPv4Address;
    if (ep.IPAMConfig?.IPv6Address) d['ipv6.address'] = ep.IPAMConfig.IPv6Address;
    devices[unique(net)] = d;
  }
  for (const [spec, bindings] of Object.entries(c.HostConfig.PortBindings ?? {})) {
    const [port, proto = 'tcp'] = spec.split('/');
    for (const b of bindings ?? []) {
      const host = b.HostIp || '0.0.0.0';
      devices[unique(`port-${b.HostPort || port}-${proto}`)] = {
        type: 'proxy',
        listen: `${proto}:${host}:${b.HostPort || port}`,
        connect: `${proto}:0.0.0.0:${port}`,
      };
    }
  }
  return {
    name: c.Name.replace(/^\//, ''),
    architecture: arch,
    ephemeral: !!c.HostConfig.AutoRemove,
    stateful: false,
    description: '',
    createdAt: validDate(c.Created),
    lastUsedAt: validDate(c.State.StartedAt),
    config,
    devices,
    profiles: [],
    snapshots: [],
  };
}

export function dockerNetwork(n: DockerNetwork): MirrorNetwork {
  const config: StringMap = {};
  const ipam = n.IPAM?.Config?.[0];
  if (ipam?.Subnet) config.subnet = ipam.Subnet;
  if (ipam?.Gateway) config.gateway = ipam.Gateway;
  if (n.Internal) config.internal = 'true';
  for (const [k, v] of Object.entries(n.Options ?? {})) config[`option.${k}`] = v;
  for (const [k, v] of Object.entries(n.Labels ?? {})) config[`label.${k}`] = v;
  return { name: n.Name, description: '', type: n.Driver, config };
}

/** Docker volumes live in per-driver "pools" (usually just `local`). */
export function dockerPools(volumes: DockerVolume[]): MirrorPool[] {
  const byDriver = new Map<string, MirrorPool>();
  for (const v of volumes) {
    const driver = v.Driver || 'local';
    let pool = byDriver.get(driver);
    if (!pool) byDriver.set(driver, (pool = { name: driver, driver, description: '', config: {}, volumes: [] }));
    const config: StringMap = {};
    for (const [k, val] of Object.entries(v.Labels ?? {})) config[`label.${k}`] = val;
    for (const [k, val] of Object.entries(v.Options ?? {})) config[`option.${k}`] = val;
    if (v.Mountpoint) config.mountpoint = v.Mountpoint;
    pool.volumes.push({ name: v.Name, type: 'custom', description: '', config });
  }
  return [...byDriver.values()];
}

export function dockerImage(i: DockerImage, arch: string): MirrorImage {
  const properties: StringMap = {};
  for (const [k, v] of Object.entries(i.Labels ?? {})) properties[`label.${k}`] = v;
  (i.RepoDigests ?? []).forEach((d, n) => (properties[`digest.${n}`] = d));
  return {
    fingerprint: stripSha(i.Id),
    filename: '',
    size: i.Size ?? 0,
    public: false,
    autoUpdate: false,
    cached: false,
    architecture: arch,
    createdAt: i.Created ? new Date(i.Created * 1000) : null,
    expiresAt: null,
    uploadedAt: i.Created ? new Date(i.Created * 1000) : new Date(0),
    lastUsedAt: null,
    aliases: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map((t) => ({ name: t, description: '' })),
    properties,
    source: null,
  };
}

function stripSha(id: string): string {
  return id.replace(/^sha256:/, '');
}

function slug(path: string): string {
  return path.replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9_.-]+/g, '-') || 'root';
}

function validDate(s: string | undefined): Date | null {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) || d.getFullYear() < 1971 ? null : d;
}
