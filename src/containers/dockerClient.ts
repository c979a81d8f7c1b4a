import { EngineError } from './engineError';
import { PullProgressReader, type PullProgress } from './pullProgress';
import type { EngineResponse, EngineTransport, StreamBody } from './engineTransport';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  DockerContainer,
  DockerContainerSummary,
  DockerCreate,
  DockerImage,
  DockerNetwork,
  DockerImageInspect,
  DockerVolume,
  LibpodContainerSummary,
} from './dockerApi';

export interface DockerExecCreate {
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  Tty: boolean;
  Cmd: string[];
  Env?: string[];
  User?: string;
  WorkingDir?: string;
}

// 1.41 is served by Docker 20.10+ and by Podman 4's compat layer.
const API = '/v1.41';
const seg = encodeURIComponent;

/** Docker Engine API client; Podman answers the same compat endpoints on its socket. */
export class DockerClient {
  constructor(
    private readonly transport: EngineTransport,
    /** How errors name the engine: "Podman" or "Docker". */
    private readonly label = 'Docker',
  ) {}

  get endpoint(): string {
    return this.transport.endpoint;
  }

  /** Cheap liveness check (Podman's `/version` can take seconds). */
  async ping(signal?: AbortSignal): Promise<void> {
    await this.send('GET', '/_ping', undefined, [200], undefined, signal);
  }
  containers(signal?: AbortSignal): Promise<DockerContainerSummary[]> {
    return this.get('/containers/json?all=1', signal);
  }
  /**
   * The container list, and whether Podman answered it: every Podman answer carries `Libpod-Api-Version`,
   * which tells Podman apart without its `/version` (a second's work for Podman 4.3).
   */
  async containerList(signal?: AbortSignal): Promise<{ containers: DockerContainerSummary[]; libpod: boolean }> {
    const res = await this.transport.request('GET', `${API}/containers/json?all=1`, undefined, { signal });
    const text = res.body.toString('utf8');
    if (res.status !== 200) throw this.error(res.status, text);
    return { containers: JSON.parse(text) as DockerContainerSummary[], libpod: res.headers['libpod-api-version'] !== undefined };
  }
  /** Podman's own container list (see LibpodContainerSummary). */
  async libpodContainers(signal?: AbortSignal): Promise<LibpodContainerSummary[]> {
    const body = await this.send('GET', '/libpod/containers/json?all=true', undefined, [200], undefined, signal, '/v4.0.0');
    return (JSON.parse(body) as LibpodContainerSummary[] | null) ?? [];
  }
  inspect(idOrName: string, signal?: AbortSignal): Promise<DockerContainer> {
    return this.get(`/containers/${seg(idOrName)}/json`, signal);
  }
  /**
   * Podman's own inspect: the fields DockerContainer names have the compat inspect's shape (the real-peer
   * test compares the catalogs both give), and Podman answers it with less work (no conversion).
   */
  async libpodInspect(idOrName: string, signal?: AbortSignal): Promise<DockerContainer> {
    return JSON.parse(await this.send('GET', `/libpod/containers/${seg(idOrName)}/json`, undefined, [200], undefined, signal, '/v4.0.0')) as DockerContainer;
  }
  image(id: string, signal?: AbortSignal): Promise<DockerImageInspect> {
    return this.get(`/images/${seg(id)}/json`, signal);
  }
  images(signal?: AbortSignal): Promise<DockerImage[]> {
    return this.get('/images/json', signal);
  }
  networks(signal?: AbortSignal): Promise<DockerNetwork[]> {
    return this.get('/networks', signal);
  }
  /**
   * Podman's own network list. Its compat `/networks` renames the default network `podman` to
   * `bridge`, while containers still name it `podman`; libpod keeps the names consistent.
   */
  async libpodNetworks(signal?: AbortSignal): Promise<DockerNetwork[]> {
    type LibpodNetwork = {
      name: string;
      id: string;
      driver: string;
      internal?: boolean;
      labels?: Record<string, string>;
      options?: Record<string, string>;
      subnets?: { subnet?: string; gateway?: string }[];
    };
    const body = await this.send('GET', '/libpod/networks/json', undefined, [200], undefined, signal, '/v4.0.0');
    return (JSON.parse(body) as LibpodNetwork[]).map((n) => ({
      Name: n.name,
      Id: n.id,
      Driver: n.driver,
      Internal: n.internal,
      Labels: n.labels ?? null,
      Options: n.options ?? null,
      IPAM: { Config: (n.subnets ?? []).map((s) => ({ Subnet: s.subnet, Gateway: s.gateway })) },
    }));
  }
  async volumes(signal?: AbortSignal): Promise<DockerVolume[]> {
    const v = await this.get<{ Volumes: DockerVolume[] | null }>('/volumes', signal);
    return v.Volumes ?? [];
  }

  async start(name: string): Promise<void> {
    await this.send('POST', `/containers/${seg(name)}/start`, undefined, [204, 304]);
  }
  async stop(name: string, force = false): Promise<void> {
    if (force) await this.send('POST', `/containers/${seg(name)}/kill`, undefined, [204, 409]);
    else await this.send('POST', `/containers/${seg(name)}/stop?t=10`, undefined, [204, 304], 60_000);
  }
  async restart(name: string): Promise<void> {
    await this.send('POST', `/containers/${seg(name)}/restart?t=10`, undefined, [204], 60_000);
  }
  /** Without `force`, a container that runs (again) is refused rather than killed. */
  async remove(name: string, force = true): Promise<void> {
    await this.send('DELETE', `/containers/${seg(name)}${force ? '?force=1' : ''}`, undefined, [200, 204]);
  }
  /** Images no tag points to (what `image prune` removes). */
  danglingImages(signal?: AbortSignal): Promise<DockerImage[]> {
    return this.get(`/images/json?filters=${seg(JSON.stringify({ dangling: ['true'] }))}`, signal);
  }
  /** Containers that are not running, with the size of their writable layer. */
  async stoppedContainers(signal?: AbortSignal): Promise<(DockerContainerSummary & { SizeRw?: number })[]> {
    // Filtered here: Podman names the states differently (configured, stopped) and refuses Docker's "dead" filter.
    const all = await this.get<(DockerContainerSummary & { SizeRw?: number })[]>('/containers/json?all=1&size=1', signal);
    return all.filter((c) => ['exited', 'created', 'dead', 'configured', 'stopped'].includes(c.State.toLowerCase()));
  }
  async create(name: string, spec: DockerCreate): Promise<string> {
    const body = await this.send('POST', `/containers/create?name=${seg(name)}`, spec, [200, 201]);
    return (JSON.parse(body) as { Id: string }).Id;
  }

  /**
   * Pulls `reference` (host/repo:tag). Podman goes through libpod, whose `tlsVerify` lets a plain-http
   * registry be pulled as its catalog row says; Docker decides that per daemon (`insecure-registries`).
   * `auth` is the base64url `X-Registry-Auth` value. Aborting closes the request, which stops the pull.
   */
  async pull(reference: string, opts: PullOptions): Promise<void> {
    const reader = new PullProgressReader(this.label, opts.onProgress ?? (() => undefined));
    const headers: Record<string, string> = opts.auth ? { 'X-Registry-Auth': opts.auth } : {};
    const path = opts.libpod
      ? `/v4.0.0/libpod/images/pull?reference=${seg(reference)}&tlsVerify=${opts.tlsVerify === false ? 'false' : 'true'}&quiet=false`
      : `${API}/images/create?fromImage=${seg(reference)}`;
    // Idle time between progress lines, not the whole pull: big layers report as they go.
    const res = await this.transport.request('POST', path, undefined, { signal: opts.signal, headers, timeoutMs: 300_000, onChunk: (c) => reader.push(c) });
    if (res.status < 200 || res.status > 299) throw this.error(res.status, res.body.toString('utf8'));
    reader.end();
  }
  /** The image's id, or undefined when the engine does not hold `reference`. */
  async imageId(reference: string, signal?: AbortSignal): Promise<string | undefined> {
    const res = await this.transport.request('GET', `${API}/images/${seg(reference)}/json`, undefined, { signal });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw this.error(res.status, res.body.toString('utf8'));
    return (JSON.parse(res.body.toString('utf8')) as { Id: string }).Id;
  }
  /**
   * `docker import`: a root file system tarball (plain, gzip or xz; the engine unpacks it) becomes the
   * image `repo:tag`. The answer is a 200 with progress lines even when it failed, so its error line is read.
   */
  async importImage(repo: string, tag: string, tarball: Buffer | StreamBody, libpod = false): Promise<void> {
    // Podman's compat endpoint drops `tag` (4.3 names it :latest); its own import takes the whole reference.
    const path = libpod ? `/v4.0.0/libpod/images/import?reference=${seg(`${repo}:${tag}`)}` : `${API}/images/create?fromSrc=-&repo=${seg(repo)}&tag=${seg(tag)}`;
    const res = await this.transport.request('POST', path, tarball, { contentType: 'application/x-tar', timeoutMs: 300_000 });
    const text = res.body.toString('utf8');
    if (res.status < 200 || res.status > 299) throw this.error(res.status, text);
    for (const line of text.split('\n')) {
      const failed = /^\s*\{.*"error"/.test(line) ? errorOfLine(line) : undefined;
      if (failed) throw new EngineError('api', `${this.label}: ${failed}`, res.status);
    }
  }
  async removeImage(reference: string, force = false): Promise<void> {
    await this.send('DELETE', `/images/${seg(reference)}${force ? '?force=1' : ''}`, undefined, [200]);
  }

  /** Any change on the Engine API (create or delete a network or volume…); the engine's refusal is the error. Returns the body. */
  act(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<string> {
    return this.send(method, path, body, [200, 201, 204]);
  }

  /** The archive endpoint (HEAD: the path's stat header; PUT: extract a tar into a directory). */
  archive(method: 'HEAD' | 'PUT', name: string, path: string, tarball?: Buffer | StreamBody): Promise<EngineResponse> {
    return this.transport.request(method, `${API}/containers/${seg(name)}/archive?path=${seg(path)}`, tarball, { contentType: 'application/x-tar', timeoutMs: 300_000 });
  }
  /** A path as a tar stream. */
  archiveStream(name: string, path: string): Promise<IncomingMessage> {
    return this.transport.stream('GET', `${API}/containers/${seg(name)}/archive?path=${seg(path)}`);
  }

  /**
   * An object exactly as the engine describes it: the Engine API's inspect, or with `libpod` Podman's own
   * (what `podman inspect` prints).
   */
  async inspectRaw(what: 'container' | 'image' | 'network' | 'volume', name: string, libpod = false): Promise<unknown> {
    const path = { container: `/containers/${seg(name)}/json`, image: `/images/${seg(name)}/json`, network: `/networks/${seg(name)}`, volume: `/volumes/${seg(name)}` }[what];
    const body = libpod
      ? await this.send('GET', `/libpod${what === 'network' || what === 'volume' ? `${path}/json` : path}`, undefined, [200], undefined, undefined, '/v4.0.0')
      : await this.send('GET', path, undefined, [200]);
    return JSON.parse(body) as unknown;
  }

  /**
   * The engine's event stream, limited to the objects the catalog mirrors. Neither Docker 20.10 nor
   * Podman 4.3 sends the answer's headers before the first event, so this waits (without a timeout)
   * until an event comes, the connection fails, or `signal` ends it.
   */
  async events(signal: AbortSignal): Promise<IncomingMessage> {
    const filters = encodeURIComponent(JSON.stringify({ type: ['container', 'image', 'network', 'volume'] }));
    const res = await this.transport.stream('GET', `${API}/events?filters=${filters}`, { signal, quiet: true });
    if (res.statusCode === 200) return res;
    res.resume();
    throw new EngineError('api', `${this.label}: events answered HTTP ${res.statusCode}`, res.statusCode);
  }
  /**
   * The container's log as a stream (framed stdout/stderr unless the container has a TTY). `tail` counts
   * lines from the end; `follow` keeps it open for new lines until `signal` ends it. Podman 4.3 sends a
   * followed log's headers only with its first line, so a followed log waits for them without a timeout.
   */
  async logs(name: string, opts: { follow: boolean; timestamps: boolean; tail?: number; signal?: AbortSignal }): Promise<IncomingMessage> {
    const q = `follow=${opts.follow ? 1 : 0}&stdout=1&stderr=1&timestamps=${opts.timestamps ? 1 : 0}&tail=${opts.tail ?? 'all'}`;
    const res = await this.transport.stream('GET', `${API}/containers/${seg(name)}/logs?${q}`, { signal: opts.signal, quiet: opts.follow });
    if (res.statusCode === 200) return res;
    throw await this.streamRefusal(res);
  }

  /**
   * Resource figures as the engine streams them (`stream=1`: one JSON document a second, until `signal`
   * ends it), or a single document (`stream=0`, which the engine answers once it has two readings).
   */
  async stats(name: string, opts: { stream: boolean; signal?: AbortSignal }): Promise<IncomingMessage> {
    const res = await this.transport.stream('GET', `${API}/containers/${seg(name)}/stats?stream=${opts.stream ? 1 : 0}`, { signal: opts.signal });
    if (res.statusCode === 200) return res;
    throw await this.streamRefusal(res);
  }

  /** The engine's reason for refusing a streamed request: its JSON `message`, else the body's start. */
  private async streamRefusal(res: IncomingMessage): Promise<EngineError> {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let msg = `HTTP ${res.statusCode}`;
    try {
      msg = (JSON.parse(text) as { message?: string }).message || msg;
    } catch {
      if (text.trim()) msg = text.trim().slice(0, 300);
    }
    return new EngineError('api', `${this.label}: ${msg}`, res.statusCode);
  }

  /** Creates an exec instance (not started yet); resolves with its id. */
  async execCreate(name: string, spec: DockerExecCreate): Promise<string> {
    const body = await this.send('POST', `/containers/${seg(name)}/exec`, spec, [200, 201]);
    return (JSON.parse(body) as { Id: string }).Id;
  }
  /** Starts an exec on a hijacked connection: the returned stream carries stdin one way and the output the other. */
  execStart(id: string, tty: boolean): Promise<Duplex> {
    return this.transport.upgrade('POST', `${API}/exec/${seg(id)}/start`, { Detach: false, Tty: tty }).catch((err: unknown) => {
      throw err instanceof EngineError && err.kind === 'api' ? new EngineError('api', `${this.label}: ${err.message}`, err.status) : err;
    });
  }
  async execResize(id: string, cols: number, rows: number): Promise<void> {
    await this.send('POST', `/exec/${seg(id)}/resize?h=${rows}&w=${cols}`, undefined, [200, 201]);
  }
  execInspect(id: string): Promise<{ Running: boolean; ExitCode: number | null }> {
    return this.get(`/exec/${seg(id)}/json`);
  }

  private async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return JSON.parse(await this.send('GET', path, undefined, [200], undefined, signal)) as T;
  }

  private async send(
    method: string,
    path: string,
    body: unknown,
    ok: number[],
    timeoutMs?: number,
    signal?: AbortSignal,
    prefix = API,
  ): Promise<string> {
    const res = await this.transport.request(method, prefix + path, body, { signal, timeoutMs });
    const text = res.body.toString('utf8');
    if (ok.includes(res.status)) return text;
    throw this.error(res.status, text);
  }

  private error(status: number, text: string): EngineError {
    let msg = `HTTP ${status}`;
    try {
      const j = JSON.parse(text) as { message?: string; cause?: string };
      msg = j.message || j.cause || msg;
    } catch {
      if (text.trim()) msg = text.trim().slice(0, 300);
    }
    return new EngineError('api', `${this.label}: ${msg}`, status);
  }
}

export interface PullOptions {
  /** Use libpod's pull (Podman only). */
  readonly libpod?: boolean;
  /** libpod only: false for a plain-http or self-signed registry. */
  readonly tlsVerify?: boolean;
  readonly auth?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: PullProgress) => void;
}

/** The `error` of one JSON progress line; the line itself when it does not parse. */
function errorOfLine(line: string): string | undefined {
  try {
    return (JSON.parse(line) as { error?: string }).error;
  } catch {
    return line.trim();
  }
}
