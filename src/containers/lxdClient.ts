import { EngineError } from './engineError';
import type { EngineResponse, EngineTransport, StreamBody } from './engineTransport';
import type WebSocket from 'ws';
import type { IncomingMessage } from 'node:http';
import type {
  LxdCertificate,
  LxdCluster,
  LxdClusterMember,
  LxdImage,
  LxdInstance,
  LxdInstancePut,
  LxdInstanceState,
  LxdInstancesPost,
  LxdNetwork,
  LxdOperation,
  LxdProfile,
  LxdServer,
  LxdSnapshot,
  LxdStoragePool,
  LxdStorageVolume,
} from './lxdApi';

interface LxdEnvelope {
  type: 'sync' | 'async' | 'error';
  status_code?: number;
  error_code?: number;
  error?: string;
  operation?: string;
  metadata?: unknown;
}

const seg = encodeURIComponent;

/**
 * LXD/Incus REST client (`/1.0/…`). Every engine error carries LXD's own message; async calls wait for
 * their operation and fail with the operation's error.
 */
export class LxdClient {
  constructor(private readonly transport: EngineTransport) {}

  get endpoint(): string {
    return this.transport.endpoint;
  }

  async server(signal?: AbortSignal): Promise<LxdServer> {
    return this.get<LxdServer>('/1.0', signal);
  }

  /** Fails with kind `untrusted` when LXD answers but does not trust our client certificate. */
  async ensureTrusted(signal?: AbortSignal): Promise<LxdServer> {
    const s = await this.server(signal);
    if (s.auth !== 'trusted') {
      throw new EngineError(
        'untrusted',
        `LXD at ${this.endpoint} does not trust this client certificate. Add it on the server with ` +
          '`lxc config trust add <certificate file>`, then sync again.',
        403,
      );
    }
    return s;
  }

  instances(signal?: AbortSignal): Promise<LxdInstance[]> {
    return this.get('/1.0/instances?recursion=1', signal);
  }
  /**
   * Every instance with its snapshots (and state) in one call: recursion=2, which servers with the
   * `instance_get_full` API extension answer (LXD 4.x on, Incus).
   */
  instancesFull(signal?: AbortSignal): Promise<(LxdInstance & { snapshots?: LxdSnapshot[] | null })[]> {
    return this.get('/1.0/instances?recursion=2', signal);
  }
  /** LXD's lifecycle events (instance created, started, renamed, snapshotted, …) as a WebSocket. */
  lifecycleEvents(): WebSocket {
    return this.transport.webSocket('/1.0/events?type=lifecycle');
  }
  instance(name: string, signal?: AbortSignal): Promise<LxdInstance> {
    return this.get(`/1.0/instances/${seg(name)}`, signal);
  }
  snapshots(name: string, signal?: AbortSignal): Promise<LxdSnapshot[]> {
    return this.get(`/1.0/instances/${seg(name)}/snapshots?recursion=1`, signal);
  }
  state(name: string, signal?: AbortSignal): Promise<LxdInstanceState> {
    return this.get(`/1.0/instances/${seg(name)}/state`, signal);
  }
  /** Runtime state of every instance in one call (recursion=2 carries it), with the cluster member each lives on. */
  async states(signal?: AbortSignal): Promise<Map<string, LxdInstanceState & { location?: string }>> {
    const all = await this.get<(LxdInstance & { state?: LxdInstanceState })[]>('/1.0/instances?recursion=2', signal);
    // An instance on a cluster member that is offline comes without state: LXD's status for it ("Error") stands in.
    return new Map(all.filter((i) => i.state || i.location).map((i) => [i.name, { ...(i.state ?? { status: i.status ?? 'Unknown' }), location: i.location }]));
  }
  cluster(signal?: AbortSignal): Promise<LxdCluster> {
    return this.get('/1.0/cluster', signal);
  }
  clusterMembers(signal?: AbortSignal): Promise<LxdClusterMember[]> {
    return this.get('/1.0/cluster/members?recursion=1', signal);
  }
  profiles(signal?: AbortSignal): Promise<LxdProfile[]> {
    return this.get('/1.0/profiles?recursion=1', signal);
  }
  profile(name: string, signal?: AbortSignal): Promise<LxdProfile> {
    return this.get(`/1.0/profiles/${seg(name)}`, signal);
  }
  networks(signal?: AbortSignal): Promise<LxdNetwork[]> {
    return this.get('/1.0/networks?recursion=1', signal);
  }
  storagePools(signal?: AbortSignal): Promise<LxdStoragePool[]> {
    return this.get('/1.0/storage-pools?recursion=1', signal);
  }
  storageVolumes(pool: string, signal?: AbortSignal): Promise<LxdStorageVolume[]> {
    return this.get(`/1.0/storage-pools/${seg(pool)}/volumes?recursion=1`, signal);
  }
  images(signal?: AbortSignal): Promise<LxdImage[]> {
    return this.get('/1.0/images?recursion=1', signal);
  }
  certificates(signal?: AbortSignal): Promise<LxdCertificate[]> {
    return this.get('/1.0/certificates?recursion=1', signal);
  }

  // ── actions ──────────────────────────────────────────────────────────────────────────────────

  changeState(name: string, action: 'start' | 'stop' | 'restart', force = false): Promise<void> {
    return this.call('PUT', `/1.0/instances/${seg(name)}/state`, { action, force, timeout: force ? -1 : 30 });
  }
  deleteInstance(name: string): Promise<void> {
    return this.call('DELETE', `/1.0/instances/${seg(name)}`);
  }
  /** `target`: the cluster member to create it on (LXD picks one without it). */
  createInstance(req: LxdInstancesPost, target?: string): Promise<void> {
    return this.call('POST', `/1.0/instances${targetQuery(target)}`, req);
  }
  /** Replaces the writable part of an instance (config, devices, profiles…). */
  putInstance(name: string, put: LxdInstancePut): Promise<void> {
    return this.call('PUT', `/1.0/instances/${seg(name)}`, put);
  }
  createSnapshot(name: string, snapshot: string): Promise<void> {
    return this.call('POST', `/1.0/instances/${seg(name)}/snapshots`, { name: snapshot, stateful: false });
  }
  restoreSnapshot(name: string, snapshot: string): Promise<void> {
    return this.call('PUT', `/1.0/instances/${seg(name)}`, { restore: snapshot });
  }
  deleteSnapshot(name: string, snapshot: string): Promise<void> {
    return this.call('DELETE', `/1.0/instances/${seg(name)}/snapshots/${seg(snapshot)}`);
  }
  createProfile(p: { name: string; description?: string; config?: Record<string, string>; devices?: LxdProfile['devices'] }): Promise<void> {
    return this.call('POST', '/1.0/profiles', p);
  }
  putProfile(name: string, p: { description: string; config: Record<string, string>; devices: LxdProfile['devices'] }): Promise<void> {
    return this.call('PUT', `/1.0/profiles/${seg(name)}`, p);
  }
  deleteProfile(name: string): Promise<void> {
    return this.call('DELETE', `/1.0/profiles/${seg(name)}`);
  }

  /** Any change under `/1.0/…` (create or delete a network, volume, publish…), waiting for its operation; LXD's refusal is the error. */
  act(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<void> {
    return this.call(method, path, body);
  }

  /**
   * Creates an instance and follows its operation (an image pull can take long): `onProgress` gets the
   * operation's progress text as it changes. Cancelling cancels the operation when LXD allows it; when it
   * does not (LXD 5.0 creates cannot be cancelled), the operation is waited for and `cancelled` is true.
   */
  async createInstanceFollowed(
    req: LxdInstancesPost,
    opts: { signal?: AbortSignal; onProgress?: (text: string) => void; target?: string } = {},
  ): Promise<{ cancelled: boolean }> {
    const env = await this.envelope('POST', `/1.0/instances${targetQuery(opts.target)}`, req, opts.signal);
    if (env.type !== 'async' || !env.operation) return { cancelled: false };
    const id = env.operation.replace(/^.*\/operations\//, '').replace(/\?.*$/, '');
    let asked = false;
    let last = '';
    for (;;) {
      if (opts.signal?.aborted && !asked) {
        asked = true;
        // Refused when the operation cannot be cancelled: then it is waited for and undone by the caller.
        await this.transport.request('DELETE', `/1.0/operations/${seg(id)}`).catch(() => undefined);
      }
      const op = await this.get<LxdOperation>(`/1.0/operations/${seg(id)}/wait?timeout=1`, undefined, 30_000);
      const text = progressText(op.metadata);
      if (text && text !== last) opts.onProgress?.((last = text));
      if (op.status_code >= 200 && op.status_code < 300) return { cancelled: asked };
      if (op.status_code >= 400 || op.status === 'Failure' || op.status === 'Cancelled') {
        // Ended after our cancel ("Cancelled", or a failure such as "context canceled"): the user's cancel.
        if (asked) return { cancelled: true };
        throw new EngineError('api', `LXD: ${op.err || op.status}`, op.status_code);
      }
    }
  }

  /**
   * `POST /1.0/images/<fingerprint>/refresh`: LXD fetches the image again from its update source; a newer
   * build replaces it (its aliases move to the new fingerprint). Cancelling asks LXD to cancel the
   * operation and ends with a `cancelled` error. Resolves with whether LXD found a newer build.
   */
  async refreshImage(fingerprint: string, opts: { signal?: AbortSignal; onProgress?: (text: string) => void } = {}): Promise<{ refreshed: boolean }> {
    const env = await this.envelope('POST', `/1.0/images/${seg(fingerprint)}/refresh`, {}, opts.signal);
    if (env.type !== 'async' || !env.operation) return { refreshed: false };
    const id = env.operation.replace(/^.*\/operations\//, '').replace(/\?.*$/, '');
    let last = '';
    for (;;) {
      if (opts.signal?.aborted) {
        await this.transport.request('DELETE', `/1.0/operations/${seg(id)}`).catch(() => undefined);
        throw new EngineError('cancelled', 'Cancelled.');
      }
      const op = await this.get<LxdOperation>(`/1.0/operations/${seg(id)}/wait?timeout=1`, undefined, 30_000);
      const text = progressText(op.metadata);
      if (text && text !== last) opts.onProgress?.((last = text));
      if (op.status_code >= 200 && op.status_code < 300) {
        return { refreshed: !!(op.metadata && typeof op.metadata === 'object' && (op.metadata as { refreshed?: unknown }).refreshed) };
      }
      if (op.status_code >= 400 || op.status === 'Failure' || op.status === 'Cancelled') throw new EngineError('api', `LXD: ${op.err || op.status}`, op.status_code);
    }
  }

  /**
   * Starts `POST /1.0/instances/<name>/exec` with `wait-for-websocket`: LXD answers with the operation and one
   * secret per websocket (`0`, or `0`/`1`/`2` without a terminal, and `control`); the command starts once all are connected.
   */
  async execStart(name: string, body: Record<string, unknown>): Promise<{ operation: string; fds: Record<string, string> }> {
    const env = await this.envelope('POST', `/1.0/instances/${seg(name)}/exec`, body);
    const fds = (env.metadata as { metadata?: { fds?: Record<string, string> } } | undefined)?.metadata?.fds;
    if (env.type !== 'async' || !env.operation || !fds) throw new EngineError('protocol', `${this.endpoint} did not start an exec operation.`);
    return { operation: env.operation, fds };
  }

  /** The websocket of an operation (exec, console), authenticated by its one-time secret. */
  operationWebSocket(operation: string, secret: string): WebSocket {
    const id = operation.replace(/^.*\/operations\//, '').replace(/\?.*$/, '');
    return this.transport.webSocket(`/1.0/operations/${seg(id)}/websocket?secret=${seg(secret)}`);
  }

  /** A request whose answer is not an envelope (the file API): status, headers and body as they came. */
  rawRequest(method: string, path: string, body?: Buffer | StreamBody, opts: { contentType?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<EngineResponse> {
    return this.transport.request(method, path, body, opts);
  }

  /** The same, with the answer read as it arrives (to look at headers without reading a whole file). */
  rawStream(method: string, path: string): Promise<IncomingMessage> {
    return this.transport.stream(method, path);
  }

  /** Any object under `/1.0/…` as LXD describes it (inspect). */
  object(path: string, signal?: AbortSignal): Promise<unknown> {
    return this.get(path, signal);
  }

  /** The instance's console log as LXD keeps it (raw bytes, not an envelope). */
  consoleLog(name: string, signal?: AbortSignal): Promise<Buffer> {
    return this.raw(`/1.0/instances/${seg(name)}/console`, signal);
  }

  /** One of the instance's log files (`lxc.log`), raw. */
  logFile(name: string, file: string, signal?: AbortSignal): Promise<Buffer> {
    return this.raw(`/1.0/instances/${seg(name)}/logs/${seg(file)}`, signal);
  }

  private async raw(path: string, signal?: AbortSignal): Promise<Buffer> {
    const res = await this.transport.request('GET', path, undefined, { signal });
    if (res.status === 200) return res.body;
    const env = parse(res, this.endpoint);
    throw new EngineError('api', `LXD: ${env.error || `HTTP ${res.status}`}`, env.error_code ?? res.status);
  }

  /** An operation as it is after waiting up to `waitSec` for it to end (still running when `status_code` < 200). */
  operationAfter(opPath: string, waitSec: number): Promise<LxdOperation> {
    const id = opPath.replace(/^.*\/operations\//, '').replace(/\?.*$/, '');
    return this.get<LxdOperation>(`/1.0/operations/${seg(id)}/wait?timeout=${waitSec}`, undefined, (waitSec + 10) * 1000);
  }

  /** Waits for an operation to finish; fails with its error. */
  async waitOperation(opPath: string, timeoutSec = 120): Promise<LxdOperation> {
    const id = opPath.replace(/^.*\/operations\//, '').replace(/\?.*$/, '');
    const op = await this.get<LxdOperation>(`/1.0/operations/${seg(id)}/wait?timeout=${timeoutSec}`, undefined, (timeoutSec + 10) * 1000);
    if (op.status_code >= 400 || op.status === 'Failure') {
      throw new EngineError('api', `LXD: ${op.err || op.status}`, op.status_code);
    }
    if (op.status_code < 200 || op.status_code >= 300) {
      throw new EngineError('api', `LXD operation ${id} did not finish within ${timeoutSec} s (${op.status}).`);
    }
    return op;
  }

  // ── plumbing ─────────────────────────────────────────────────────────────────────────────────

  private async get<T>(path: string, signal?: AbortSignal, timeoutMs?: number): Promise<T> {
    const env = await this.envelope('GET', path, undefined, signal, timeoutMs);
    return env.metadata as T;
  }

  private async call(method: string, path: string, body?: unknown): Promise<void> {
    const env = await this.envelope(method, path, body);
    if (env.type === 'async' && env.operation) await this.waitOperation(env.operation);
  }

  private async envelope(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    timeoutMs?: number,
  ): Promise<LxdEnvelope> {
    const res = await this.transport.request(method, path, body, { signal, timeoutMs });
    const env = parse(res, this.endpoint);
    if (env.type === 'error' || res.status >= 400) {
      const status = env.error_code ?? res.status;
      const msg = env.error || `HTTP ${res.status}`;
      if (status === 403) {
        throw new EngineError('untrusted', `LXD at ${this.endpoint} refused access: ${msg}`, status);
      }
      throw new EngineError('api', `LXD: ${msg}`, status);
    }
    return env;
  }
}

/** `?target=<member>` of a cluster request, or nothing. */
export function targetQuery(target: string | undefined): string {
  return target ? `?target=${seg(target)}` : '';
}

/** "rootfs: 45% (1.2MB/s)" and the like, from an operation's metadata (download or unpack progress). */
function progressText(metadata: unknown): string | undefined {
  if (!metadata || typeof metadata !== 'object') return undefined;
  const m = metadata as Record<string, unknown>;
  const key = Object.keys(m).find((k) => k.endsWith('_progress') && typeof m[k] === 'string');
  return key ? (m[key] as string) : undefined;
}

function parse(res: EngineResponse, endpoint: string): LxdEnvelope {
  try {
    const v = JSON.parse(res.body.toString('utf8')) as LxdEnvelope;
    if (v && typeof v === 'object' && typeof v.type === 'string') return v;
  } catch {
    // fall through
  }
  throw new EngineError('protocol', `${endpoint} did not answer like LXD (HTTP ${res.status}).`, res.status);
}
