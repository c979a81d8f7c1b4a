import type { DockerContainer, DockerContainerSummary, DockerImage, DockerNetwork, DockerVolume, LibpodContainerSummary } from './dockerApi';
import type { DockerClient } from './dockerClient';
import { dockerInstance, listInstance, listedName, podmanListInstance, podmanName, stripSha } from './dockerInstance';
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
 * used-by query serve both. Docker's list carries labels, mounts, networks, ports and state; Podman's
 * own list labels, networks, command, auto-remove, times and ports, but mounts without their volume;
 * env, restart policy (and the rest of those) only an inspect gives. So a sync writes the rows from the lists first and inspects
 * afterwards, once per container when it first appears and again only when its list entry changes
 * (a start or stop changes its state; env cannot change without a new container id). A sync with
 * nothing changed costs the list calls, whatever the number of containers.
 */
export async function readDockerLists(client: DockerClient, opts: DockerFetchOptions = {}): Promise<DockerRead> {
  const { signal } = opts;
  const memory: Pick<EngineMemory, 'listed' | 'imageArch' | 'libpod'> = opts.memory ?? { listed: new Map(), imageArch: new Map() };
  const archOf = (imageId: string | undefined): string => imageArchitecture(memory, imageId);
  const networksOf = (libpod: boolean): Promise<DockerNetwork[]> => (libpod ? client.libpodNetworks(signal) : client.networks(signal));
  // Whether it is Podman is known from the answer to the list, then remembered. Until then the record's
  // kind guesses; a wrong guess (a Docker context pointing at Podman's socket) costs a second round.
  const guess = memory.libpod ?? opts.podmanLikely;
  const [{ libpod, entries }, images, volumes, early] = await Promise.all([
    listContainers(client, guess, signal),
    client.images(signal),
    client.volumes(signal),
    guess === undefined ? undefined : networksOf(guess).catch(() => undefined),
  ]);
  memory.libpod = libpod;
  const networks = early && guess === libpod ? early : await networksOf(libpod);
  throwIfAborted(signal);
  const listed = memory.listed;
  const ids = new Set(entries.map((c) => c.id));
  for (const id of [...listed.keys()]) if (!ids.has(id)) listed.delete(id);
  const fromLists = new Set<string>();
  const outdated = new Set<string>();
  const stale: ListedContainer[] = [];
  const instances = entries.map((c) => {
    const last = listed.get(c.id);
    if (last?.fingerprint === c.fingerprint) return last.instance;
    stale.push(c);
    if (last && last.instance.name === c.name) {
      outdated.add(last.instance.name);
      return last.instance;
    }
    const i = c.fromList(archOf(c.imageId));
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
      const inspect = async (c: ListedContainer): Promise<DockerContainer | undefined> => {
        const full = await (libpod ? client.libpodInspect(c.id, signal) : client.inspect(c.id, signal)).catch((err: unknown) => {
          // Removed between the list and the inspect: its destroy event (or the next sync) says so too.
          if (isEngineError(err, 'api') && err.status === 404) return undefined;
          throw err;
        });
        onProgress?.({ message: `Reading container ${c.name}`, done: ++done, total: stale.length });
        return full;
      };
      const [, inspected] = await Promise.all([
        readImageArchitectures(client, memory, [...images.map((i) => i.Id), ...stale.map((c) => c.imageId)], signal),
        mapLimit(stale, opts.concurrency ?? 8, inspect, signal),
      ]);
      const gone = new Set<string>();
      stale.forEach((c, n) => {
        const full = inspected[n];
        if (full) listed.set(c.id, { fingerprint: c.fingerprint, instance: dockerInstance(full, archOf(full.Image)) });
        else gone.add(c.id);
      });
      return mirror(entries.flatMap((c) => (gone.has(c.id) ? [] : (listed.get(c.id)?.instance ?? []))));
    },
  };
}

/** A container as one list call gives it: Docker's compat list, or Podman's own. */
interface ListedContainer {
  readonly id: string;
  /** The name its inspect gives. */
  readonly name: string;
  readonly imageId: string | undefined;
  /** Changes when the entry changes (see listFingerprint). */
  readonly fingerprint: string;
  /** The instance from this entry alone, before an inspect. */
  fromList(arch: string): MirrorInstance;
}

/**
 * The containers from one list call. Podman's own list, not the compat one beside it: it carries more
 * and Podman answers it faster (see LibpodContainerSummary), so a re-sync with nothing changed costs
 * less than `podman ps -a`. A Docker engine answers the libpod path with 404 (or 400 for the version).
 */
async function listContainers(client: DockerClient, podmanLikely: boolean | undefined, signal: AbortSignal | undefined): Promise<{ libpod: boolean; entries: ListedContainer[] }> {
  if (podmanLikely) {
    const pods = await client.libpodContainers(signal).catch((err: unknown) => {
      if (isEngineError(err, 'api') && (err.status === 404 || err.status === 400)) return undefined;
      throw err;
    });
    if (pods) return { libpod: true, entries: pods.map(podmanListed) };
  }
  const { containers, libpod } = await client.containerList(signal);
  if (libpod) return { libpod, entries: (await client.libpodContainers(signal)).map(podmanListed) };
  return { libpod, entries: containers.map(dockerListed) };
}

function dockerListed(c: DockerContainerSummary): ListedContainer {
  return { id: c.Id, name: listedName(c), imageId: c.ImageID, fingerprint: listFingerprint(c), fromList: (arch) => listInstance(c, arch) };
}

function podmanListed(p: LibpodContainerSummary): ListedContainer {
  return { id: p.Id, name: podmanName(p), imageId: p.ImageID, fingerprint: listFingerprint(p), fromList: (arch) => podmanListInstance(p, arch) };
}

/** Both steps of readDockerLists: the engine as inspecting every new or changed container reads it. */
export async function fetchDockerMirror(client: DockerClient, opts: DockerFetchOptions = {}): Promise<EngineMirror> {
  return (await readDockerLists(client, opts)).details();
}

/**
 * A list entry without its human-readable uptime ("Up 3 minutes"), which changes without anything
 * happening, and with its lists (ports, mounts, networks) in a fixed order: Docker lists them in a
 * different order from one call to the next (they come from Go maps).
 */
export function listFingerprint(entry: DockerContainerSummary | LibpodContainerSummary): string {
  const { Status: _uptime, ...rest } = entry as unknown as Record<string, unknown>;
  for (const k of ['Ports', 'Mounts', 'Networks']) {
    const xs = rest[k];
    if (Array.isArray(xs)) rest[k] = xs.map((x) => JSON.stringify(x)).sort();
  }
  return JSON.stringify(rest);
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
