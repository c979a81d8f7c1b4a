import type { Catalog } from '../store/catalog';
import type { DockerClient } from './dockerClient';
import type { EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { EngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import type { PullProgress } from './pullProgress';
import { pullFromRegistry, type PullSource } from './registryPull';
import { syncEngine } from './syncEngine';

/** What a prune would remove, listed before anything is: the confirmation shows it, and prune removes only it. */
export interface PrunePlan {
  readonly engine: string;
  readonly images: readonly { readonly id: string; readonly size: number }[];
  readonly containers: readonly { readonly id: string; readonly name: string; readonly image: string; readonly size: number }[];
  /** Bytes freed: the images' sizes plus the containers' writable layers. */
  readonly bytes: number;
}

export interface PruneResult {
  readonly engine: string;
  readonly removedImages: string[];
  readonly removedContainers: string[];
  /** What could not be removed and why (started again meanwhile, used by a container made meanwhile…). */
  readonly skipped: { readonly what: string; readonly why: string }[];
}

/** Pulls a registry tag into a Podman/Docker engine without running it, then syncs the engine. */
export async function pullToEngine(
  catalog: Catalog,
  e: EngineRecord,
  ctx: EngineContext,
  source: PullSource,
  opts: { signal?: AbortSignal; onProgress?: (p: PullProgress) => void } = {},
): Promise<{ engine: string; image: string; id: string }> {
  const id = await withDocker(e, ctx, async (docker, kind) => {
    await pullFromRegistry(docker, kind, source, opts);
    const pulled = await docker.imageId(source.reference);
    if (!pulled) throw new EngineError('api', `${e.name} reported the pull of ${source.reference} done but does not hold it.`);
    return pulled;
  });
  await syncQuietly(catalog, e, ctx);
  return { engine: e.name, image: source.reference, id };
}

/** Removes an image (by reference or id) from a Podman/Docker engine; the engine refuses one a container uses unless forced. */
export async function removeEngineImage(catalog: Catalog, e: EngineRecord, ctx: EngineContext, image: string, force = false): Promise<void> {
  await withDocker(e, ctx, (docker) => docker.removeImage(image, force));
  await syncQuietly(catalog, e, ctx);
}

/** Lists the dangling images and the stopped containers of a Podman/Docker engine, with sizes; removes nothing. */
export async function planPrune(e: EngineRecord, ctx: EngineContext, signal?: AbortSignal): Promise<PrunePlan> {
  return withDocker(e, ctx, async (docker) => {
    const [images, containers] = await Promise.all([docker.danglingImages(signal), docker.stoppedContainers(signal)]);
    const plan = {
      engine: e.name,
      images: images.map((i) => ({ id: i.Id, size: i.Size })),
      containers: containers.map((c) => ({ id: c.Id, name: (c.Names[0] ?? c.Id).replace(/^\//, ''), image: c.Image, size: c.SizeRw ?? 0 })),
    };
    return { ...plan, bytes: plan.images.reduce((n, i) => n + i.size, 0) + plan.containers.reduce((n, c) => n + c.size, 0) };
  });
}

/**
 * Removes exactly what `plan` listed (containers first, so images they held may go), never more: a
 * container started since is refused by the engine and reported as skipped, not killed.
 */
export async function prune(catalog: Catalog, e: EngineRecord, ctx: EngineContext, plan: PrunePlan): Promise<PruneResult> {
  if (plan.engine !== e.name) throw new EngineError('api', `This prune plan is for ${plan.engine}, not ${e.name}.`);
  const result: PruneResult = { engine: e.name, removedImages: [], removedContainers: [], skipped: [] };
  await withDocker(e, ctx, async (docker) => {
    for (const c of plan.containers) {
      await docker.remove(c.id, false).then(
        () => result.removedContainers.push(c.name),
        (err: Error) => result.skipped.push({ what: c.name, why: err.message }),
      );
    }
    for (const i of plan.images) {
      await docker.removeImage(i.id).then(
        () => result.removedImages.push(i.id),
        (err: Error) => result.skipped.push({ what: i.id, why: err.message }),
      );
    }
  });
  await syncQuietly(catalog, e, ctx);
  return result;
}

async function withDocker<T>(e: EngineRecord, ctx: EngineContext, fn: (docker: DockerClient, kind: 'podman' | 'docker') => Promise<T>): Promise<T> {
  if (e.kind !== 'podman' && e.kind !== 'docker') throw new EngineError('api', `${e.name} is not a Podman or Docker engine; this works on their images.`);
  const conn = await openEngine(e, ctx);
  try {
    if (conn.kind === 'lxd') throw new EngineError('protocol', `${e.name} answers like LXD, not ${e.kind}.`);
    return await fn(conn.docker, e.kind);
  } finally {
    conn.close();
  }
}

/** The engine changed as asked; a failed sync only leaves the catalog behind until the next one. */
async function syncQuietly(catalog: Catalog, e: EngineRecord, ctx: EngineContext): Promise<void> {
  try {
    await syncEngine(catalog, e, ctx);
  } catch (err) {
    ctx.logger?.warn(`Syncing ${e.name} after the change failed: ${(err as Error).message}`);
  }
}
