import type { DockerContainer, DockerContainerSummary, DockerEndpoint, DockerMount, LibpodContainerSummary } from './dockerApi';
import type { MirrorInstance } from './engineMirror';
import type { DeviceMap, StringMap } from './lxdApi';

/** One published port as configured: container port and protocol, host address and port. */
interface PortBinding {
  readonly port: string;
  readonly proto: string;
  readonly hostIp?: string;
  readonly hostPort?: string;
}

/**
 * A Podman/Docker container in LXD's shape, from its inspect: labels → `label.<key>`, env →
 * `environment.<NAME>` (LXD's own key for env), mounts → disk devices, networks → nic devices
 * (`network=<name>`), published ports → proxy devices. This is what the catalog stores.
 */
export function dockerInstance(c: DockerContainer, arch: string): MirrorInstance {
  const config: StringMap = { image: c.Config.Image, 'volatile.base_image': stripSha(c.Image) };
  if (c.Config.Cmd?.length) config.command = JSON.stringify(c.Config.Cmd);
  for (const [k, v] of Object.entries(c.Config.Labels ?? {})) config[`label.${k}`] = v;
  for (const e of c.Config.Env ?? []) {
    const eq = e.indexOf('=');
    if (eq > 0) config[`environment.${e.slice(0, eq)}`] = e.slice(eq + 1);
  }
  if (c.HostConfig.RestartPolicy?.Name) config['restart.policy'] = c.HostConfig.RestartPolicy.Name;
  const ports = Object.entries(c.HostConfig.PortBindings ?? {}).flatMap(([spec, bindings]) => {
    const [port, proto = 'tcp'] = spec.split('/');
    return (bindings ?? []).map((b): PortBinding => ({ port, proto, hostIp: b.HostIp, hostPort: b.HostPort }));
  });
  return {
    name: c.Name.replace(/^\//, ''),
    architecture: arch,
    ephemeral: !!c.HostConfig.AutoRemove,
    stateful: false,
    description: '',
    createdAt: validDate(c.Created),
    lastUsedAt: validDate(c.State.StartedAt),
    config,
    devices: containerDevices(c.Mounts, c.NetworkSettings.Networks, ports),
    profiles: [],
    snapshots: [],
  };
}

/**
 * A Docker container from its compat list entry alone, for the rows a sync writes before it inspects
 * anything: labels, image, mounts and networks as inspect has them. Left for the inspect: env,
 * restart policy, the command, auto-remove, the start time and the ports of a stopped container (the
 * list shows the ports bound now). Until then the row lacks these; the inspect-based instance replaces it.
 */
export function listInstance(c: DockerContainerSummary, arch: string): MirrorInstance {
  const config: StringMap = { image: c.Image, 'volatile.base_image': stripSha(c.ImageID ?? '') };
  for (const [k, v] of Object.entries(c.Labels ?? {})) config[`label.${k}`] = v;
  return {
    ...listedBase(listedName(c), arch, c.Created ? new Date(c.Created * 1000) : null, null, config),
    devices: containerDevices(c.Mounts, c.NetworkSettings?.Networks, listedPorts(c)),
  };
}

/**
 * A Podman container from its own list entry alone: image, command, labels, auto-remove, exact
 * creation time, start time (whole seconds), configured ports and the networks by name. Its mounts
 * are destinations only, so they wait for the inspect (which also brings env and restart policy):
 * until then the row's volumes are not in the used-by answers.
 */
export function podmanListInstance(p: LibpodContainerSummary, arch: string): MirrorInstance {
  const config: StringMap = { image: p.Image ?? '', 'volatile.base_image': stripSha(p.ImageID ?? '') };
  if (p.Command?.length) config.command = JSON.stringify(p.Command);
  for (const [k, v] of Object.entries(p.Labels ?? {})) config[`label.${k}`] = v;
  const networks = Object.fromEntries([...(p.Networks ?? [])].sort().map((n): [string, DockerEndpoint] => [n, {}]));
  return {
    ...listedBase(podmanName(p), arch, validDate(p.Created), p.StartedAt && p.StartedAt > 0 ? new Date(p.StartedAt * 1000) : null, config),
    ephemeral: !!p.AutoRemove,
    devices: containerDevices([], networks, libpodPorts(p)),
  };
}

function listedBase(name: string, architecture: string, createdAt: Date | null, lastUsedAt: Date | null, config: StringMap): MirrorInstance {
  return { name, architecture, ephemeral: false, stateful: false, description: '', createdAt, lastUsedAt, config, devices: {}, profiles: [], snapshots: [] };
}

/** The name inspect gives a container Podman lists. */
export function podmanName(p: LibpodContainerSummary): string {
  return p.Names?.[0] ?? p.Id;
}

/** The name inspect gives a listed container. */
export function listedName(c: DockerContainerSummary): string {
  return (c.Names[0] ?? c.Id).replace(/^\//, '');
}

function libpodPorts(pod: LibpodContainerSummary): PortBinding[] {
  return (pod.Ports ?? []).flatMap((p) =>
    Array.from({ length: Math.max(1, p.range ?? 1) }, (_, k) => ({
      port: String(p.container_port + k),
      proto: p.protocol || 'tcp',
      hostIp: p.host_ip,
      hostPort: String(p.host_port + k),
    })),
  );
}

/** Docker lists a port bound on every address twice (0.0.0.0 and ::); its configuration holds it once. */
function listedPorts(c: DockerContainerSummary): PortBinding[] {
  const ports = (c.Ports ?? []).filter((p) => p.PublicPort);
  const key = (p: { PrivatePort: number; PublicPort?: number; Type: string }): string => `${p.PrivatePort}/${p.Type}/${p.PublicPort}`;
  const everyV4 = new Set(ports.filter((p) => p.IP === '0.0.0.0').map(key));
  return ports
    .filter((p) => !(p.IP === '::' && everyV4.has(key(p))))
    .map((p) => ({ port: String(p.PrivatePort), proto: p.Type || 'tcp', hostIp: p.IP, hostPort: String(p.PublicPort) }));
}

function containerDevices(
  mounts: readonly DockerMount[] | null | undefined,
  networks: Record<string, DockerEndpoint> | null | undefined,
  ports: readonly PortBinding[],
): DeviceMap {
  const devices: DeviceMap = {};
  const unique = (base: string): string => {
    let n = base || 'device';
    for (let i = 2; devices[n]; i++) n = `${base}-${i}`;
    return n;
  };
  for (const m of mounts ?? []) {
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
  for (const [net, ep] of Object.entries(networks ?? {})) {
    const d: StringMap = { type: 'nic', network: net };
    // Only configured addresses are configuration; the leased one is runtime state.
    if (ep.IPAMConfig?.IPv4Address) d['ipv4.address'] = ep.IPAMConfig.IPv4Address;
    if (ep.IPAMConfig?.IPv6Address) d['ipv6.address'] = ep.IPAMConfig.IPv6Address;
    devices[unique(net)] = d;
  }
  for (const b of ports) {
    const host = b.hostIp || '0.0.0.0';
    devices[unique(`port-${b.hostPort || b.port}-${b.proto}`)] = {
      type: 'proxy',
      listen: `${b.proto}:${host}:${b.hostPort || b.port}`,
      connect: `${b.proto}:0.0.0.0:${b.port}`,
    };
  }
  return devices;
}

export function stripSha(id: string): string {
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
