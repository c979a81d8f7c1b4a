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
 * The same container from its list entries alone, for the rows a sync writes before it inspects
 * anything. The compat list carries labels, image, mounts and networks as inspect has them. Podman's
 * own list (`pod`) adds the command, auto-remove, the exact creation time, the start time (whole
 * seconds) and the configured ports. Left for the inspect: env and restart policy; for Docker also
 * the command, auto-remove, the start time and the ports of a stopped container (its list shows the
 * ports bound now). Until then the row lacks these; the inspect-based instance replaces it.
 */
export function listInstance(c: DockerContainerSummary, pod: LibpodContainerSummary | undefined, arch: string): MirrorInstance {
  const config: StringMap = { image: c.Image, 'volatile.base_image': stripSha(c.ImageID ?? '') };
  if (pod?.Command?.length) config.command = JSON.stringify(pod.Command);
  for (const [k, v] of Object.entries(c.Labels ?? {})) config[`label.${k}`] = v;
  return {
    name: listedName(c),
    architecture: arch,
    ephemeral: !!pod?.AutoRemove,
    stateful: false,
    description: '',
    createdAt: pod?.Created ? validDate(pod.Created) : c.Created ? new Date(c.Created * 1000) : null,
    lastUsedAt: pod?.StartedAt && pod.StartedAt > 0 ? new Date(pod.StartedAt * 1000) : null,
    config,
    devices: containerDevices(c.Mounts, c.NetworkSettings?.Networks, pod ? libpodPorts(pod) : listedPorts(c)),
    profiles: [],
    snapshots: [],
  };
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
