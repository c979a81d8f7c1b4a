import type { Catalog } from '../store/catalog';
import type { EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { EngineError, throwIfAborted } from './engineError';
import type { EngineRecord } from './engineRecord';
import type { PullProgress } from './pullProgress';
import { pullFromRegistry, type PullSource } from './registryPull';
import { toDockerCreate, type RunSpec } from './runSpec';
import { syncEngine } from './syncEngine';

export interface RunProgress {
  readonly phase: 'pull' | 'create' | 'start' | 'sync';
  readonly pull?: PullProgress;
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RunProgress) => void;
}

/** An image the engine holds already (an Images row of the engine, or a local image just imported): run as it is, no pull. */
export interface HeldEngineImage {
  /** Its id or one of its tags. */
  readonly held: string;
}

export interface RunResult {
  readonly engine: string;
  readonly name: string;
  readonly id: string;
  readonly image: string;
  readonly started: boolean;
}

/**
 * Pulls a registry tag into a Podman/Docker engine (or takes an image it holds: `{ held }`, no pull), then
 * creates (and starts) a container from it, then syncs the engine so the catalog shows the new container and
 * image. If create or start fails, what this call made is removed again: the container, and the image when
 * the engine did not hold it before.
 */
export async function runRegistryImage(
  catalog: Catalog,
  e: EngineRecord,
  ctx: EngineContext,
  source: PullSource | HeldEngineImage,
  spec: RunSpec,
  opts: RunOptions = {},
): Promise<RunResult> {
  if (e.kind !== 'podman' && e.kind !== 'docker') {
    throw new EngineError('api', `${e.name} is ${e.kind === 'lxd' ? 'an LXD engine' : 'the local catalog'}; registry images run on Podman or Docker.`);
  }
  if (!spec.name.trim()) throw new EngineError('api', 'The container needs a name.');
  // Bad ports or env are refused before anything is pulled.
  // A bare image id (the catalog keeps ids without "sha256:") is named with its prefix: Podman reads a bare
  // 64-hex string as a repository name and refuses it rather than answering "no such image".
  const reference = 'held' in source ? source.held.replace(/^(?=[0-9a-f]{64}$)/, 'sha256:') : source.reference;
  const body = toDockerCreate(reference, spec);
  const conn = await openEngine(e, ctx);
  let id: string | undefined;
  const started = spec.start !== false;
  try {
    if (conn.kind === 'lxd') throw new EngineError('protocol', `${e.name} answers like LXD, not ${e.kind}.`);
    const docker = conn.docker;
    const held = await docker.imageId(reference, opts.signal);
    if ('held' in source) {
      if (!held) throw new EngineError('api', `${e.name} no longer holds the image ${reference}; sync the engine.`);
    } else {
      opts.onProgress?.({ phase: 'pull' });
      await pullFromRegistry(docker, e.kind, source, { signal: opts.signal, onProgress: (p) => opts.onProgress?.({ phase: 'pull', pull: p }) });
    }
    try {
      throwIfAborted(opts.signal);
      opts.onProgress?.({ phase: 'create' });
      id = await docker.create(spec.name, body);
      if (started) {
        opts.onProgress?.({ phase: 'start' });
        await docker.start(id);
      }
    } catch (err) {
      if (id) await docker.remove(id).catch((x: Error) => ctx.logger?.warn(`Could not remove the half-made container ${spec.name}: ${x.message}`));
      if (!held) await docker.removeImage(reference).catch((x: Error) => ctx.logger?.warn(`Could not remove the pulled image ${reference}: ${x.message}`));
      id = undefined;
      throw err;
    }
  } finally {
    conn.close();
  }
  opts.onProgress?.({ phase: 'sync' });
  try {
    await syncEngine(catalog, e, ctx);
  } catch (err) {
    // The container runs; only the catalog lags behind until the next sync.
    ctx.logger?.warn(`${spec.name} was created, but syncing ${e.name} failed: ${(err as Error).message}`);
  }
  return { engine: e.name, name: spec.name, id, image: reference, started };
}
