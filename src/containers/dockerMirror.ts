import type { DockerContainer, DockerContainerSummary, DockerImage, DockerNetwork, DockerVolume, LibpodContainerSummary } from './dockerApi';
import type { DockerClient } from './dockerClient';
import { dockerInstance, listInstance, listedName, stripSha } from './dockerInstance';
import { isEngineError, throwIfAborted } from './engineError';
import type { EngineMirror, MirrorImage, MirrorInstance, MirrorNetwork, MirrorPool, SyncProgress } from './engineMirror';
import type { StringMap } from './lxdApi';
import type { FetchOptions } from './lxdMirror';
import { mapLimit } from './mapLimit';
import { imageArchitecture, readImageArchitectures } from './imageArchitectures';
import type { EngineMemory } from './mirrorMemory';

export interface DockerFetchOptions extends FetchOptions {
  /**
   * What was read before (see EngineMemory), updated in place: containers by id with the fingerprint
   * of their list entry then and the instance their inspect gave (an unchanged entry reuses it; only
   * new or changed containers are inspected), whether the engine is Podman, and its images' architectures.
   */
  readonly memory?: Pick<EngineMemory, 'listed' | 'imageArch' | 'libpod'>;
  /**
   * Whether the engine is probably Podman (its record's kind) while the memory does not know yet: then
   * Podman's own lists are asked together with the others instead of after them.
   */
  readonly podmanLikely?: boolean;
}

/** A Podman/Docker engine read in two steps: its list calls now, the inspects the lists cannot spare later. */
export interface DockerRead {
  /**
   * The engine as the list calls describe it: unchanged containers as last inspected, changed ones
   * still as last inspected (see `outdated`), new ones from their list entries (see `fromLists`).
   */
  readonly rows: EngineMirror;
  /** Instances of `rows` built from list entries alone: containers this memory has not inspected. */
  readonly fromLists: ReadonlySet<string>;
  /** Instances of `rows` whose list entry changed since their inspect: `details` reads them again. */
  readonly outdated: ReadonlySet<string>;
  /** How many containers `details` inspects. */
  readonly pending: number;
  /**
   * Inspects the new and changed containers (a few at a time) and returns the mirror as a read that
   * inspects every container gives it. A container gone meanwhile (404) is left out. Progress goes
   * to `onProgress` (default: the options'), one step per container.
   */
  details(onProgress?: (p: SyncProgress) => void): Promise<EngineMirror>;
}

/**
 * Reads a Podman/Docker engine into LXD's shape (see dockerInstance), so one set of tables and one
 * used-by query serve both. The list calls carry labels, mounts, networks, ports and state, and for
 * Podman (its own list) command, auto-remove and times; env, restart policy (and for Docker a few
 * more facts) only an inspect gives. So a sync writes the rows from the lists first and inspects
 * afterwards, once per container when it first appears and again only when its list entry changes
 * (a start or stop changes its state; env cannot change without a new container id). A sync with
 * nothing changed costs the list calls, whatever the number of containers.
 */
export async function readDockerLists(client: DockerClient, opts: DockerFetchOptions = {}): Promise<DockerRead> {
  const { signal } = opts;
  const memory: Pick<EngineMemory, 'listed' | 'imageArch' | 'libpod'> = opts.memory ?? { listed: new Map(), imageArch: new Map() };
  const archOf = (imageId: string | undefined): string => imageArchitecture(memory, imageId);
  const podmanLists = (libpod: boolean): Promise<[DockerNetwork[], LibpodContainerSummary[]]> =>
    Promise.all([libpod ? client.libpodNetworks(signal) : client.networks(signal), libpod ? client.libpodContainers(signal) : []]);
  // Whether it is Podman is known from the answer to the list, then remembered. Until then the record's
  // kind guesses; a wrong guess (a Docker context pointing at Podman's socket) costs a second round.
  const guess = memory.libpod ?? opts.podmanLikely;
  const [{ containers: list, libpod }, images, volumes, early] = await Promise.all([
    client.containerList(signal),
    client.images(signal),
    client.volumes(signal),
    guess === undefined ? undefined : podmanLists(guess).catch(() => undefined),
  ]);
  memory.libpod = libpod;
  const [networks, pods] = early && guess === libpod ? early : await podmanLists(libpod);
  throwIfAborted(signal);
  const podById = new Map(pods.map((p) => [p.Id, p]));
  const listed = memory.listed;
  const ids = new Set(list.map((c) => c.Id));
  for (const id of [...listed.keys()]) if (!ids.has(id)) listed.delete(id);
  const fromLists = new Set<string>();
  const outdated = new Set<string>();
  const stale: DockerContainerSummary[] = [];
  const instances = list.map((c) => {
    const last = listed.get(c.Id);
    if (last?.fingerprint === listFingerprint(c)) return last.instance;
    stale.push(c);
    if (last && last.instance.name === listedName(c)) {
      outdated.add(last.instance.name);
      return last.instance;
    }
    const i = listInstance(c, podById.get(c.Id), archOf(c.ImageID));
    fromLists.add(i.name);
    return i;
  });
  // Image architectures this process has not read yet are "unknown" in the rows; the details read them.
  const mirror = (all: MirrorInstance[]): EngineMirror => ({
    instances: all,
    profiles: [],
    networks: networks.map(dockerNetwork),
    pools: dockerPools(volumes),
    images: images.map((i) => dockerImage(i, archOf(i.Id))),
    certificates: [],
    config: {},
  });
  return {
    rows: mirror(instances),
    fromLists,
    outdated,
    pending: stale.length,
    async details(onProgress = opts.onProgress) {
      let done = 0;
      const inspect = async (c: DockerContainerSummary): Promise<DockerContainer | undefined> => {
        const full = await client.inspect(c.Id, signal).catch((err: unknown) => {
          // Removed between the list and the inspect: its destroy event (or the next sync) says so too.
          if (isEngineError(err, 'api') && err.status === 404) return undefined;
          throw err;
        });
        onProgress?.({ message: `Reading container ${listedName(c)}`, done: ++done, total: stale.length });
        return full;
      };
      const [, inspected] = await Promise.all([
        readImageArchitectures(client, memory, [...images.map((i) => i.Id), ...stale.map((c) => c.ImageID)], signal),
        mapLimit(stale, opts.concurrency ?? 8, inspect, signal),
      ]);
      const gone = new Set<string>();
      stale.forEach((c, n) => {
        const full = inspected[n];
        if (full) listed.set(c.Id, { fingerprint: listFingerprint(c), instance: dockerInstance(full, archOf(full.Image)) });
        else gone.add(c.Id);
      });
      return mirror(list.flatMap((c) => (gone.has(c.Id) ? [] : (listed.get(c.Id)?.instance ?? []))));
    },
  };
}

/** Both steps of readDockerLists: the engine as inspecting every new or changed container reads it. */
export async function fetchDockerMirror(client: DockerClient, opts: DockerFetchOptions = {}): Promise<EngineMirror> {
  return (await readDockerLists(client, opts)).details();
}

/**
 * A list entry without its human-readable uptime ("Up 3 minutes"), which changes without anything
 * happening, and with its ports and mounts in a fixed order: Docker lists them in a different order
 * from one call to the next (they come from Go maps).
 */
export function listFingerprint(c: DockerContainerSummary): string {
  const { Status: _uptime, Ports, Mounts, ...rest } = c as DockerContainerSummary & Record<string, unknown>;
  const sorted = (xs: readonly unknown[] | null | undefined): string[] => (xs ?? []).map((x) => JSON.stringify(x)).sort();
  return JSON.stringify({ ...rest, Ports: sorted(Ports), Mounts: sorted(Mounts) });
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
