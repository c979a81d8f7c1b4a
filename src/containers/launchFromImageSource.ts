import { ImageType } from '../images/imageKinds';
import { readImageSource } from '../images/readImageSource';
import { incusFacets } from '../images/simplestreamsParser';
import type { Catalog } from '../store/catalog';
import type { EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { EngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import type { StringMap } from './lxdApi';
import type { LxdClient } from './lxdClient';
import { lxdHasImage } from './lxdImageUpload';
import { syncEngine } from './syncEngine';

export interface LaunchSpec {
  readonly name: string;
  /** Applied in this order (default: ["default"]). */
  readonly profiles?: readonly string[];
  readonly config?: StringMap;
  /** Start after create (default true). */
  readonly start?: boolean;
  /** PEM of the image server's certificate (a private CA or a self-signed server); LXD trusts it for this pull. */
  readonly certificate?: string;
  /** LXD cluster: the member to launch it on (`?target=`); LXD picks one without it. */
  readonly target?: string;
}

/** An image the LXD engine already holds (an Images row of the engine, or a local image just imported). */
export interface HeldLxdImage {
  readonly fingerprint: string;
}

export interface LaunchResult {
  readonly engine: string;
  readonly name: string;
  /** The simplestreams server the image came from; '' for an image the engine held. */
  readonly server: string;
  /** What LXD was asked for: the row's fingerprint (that exact version) or, without one, its first alias. */
  readonly image: string;
  readonly started: boolean;
}

/** Where a simplestreams row's image lives: its server (from the row's URL scheme and server tag) and how to name it. */
export function simplestreamsSource(row: { type: string; url: string | null; tags: string; fingerprint: string | null; name: string | null }): { server: string; fingerprint?: string; alias?: string } {
  if (row.type !== ImageType.Incus || !row.url) throw new EngineError('api', `${row.name ?? 'This image source'} is not an image of a simplestreams server; only those launch on LXD.`);
  const facets = incusFacets(row.tags);
  if (!facets.server) throw new EngineError('api', `${row.name ?? 'This image source'} does not say which server it came from; refresh the image sources.`);
  const server = `${new URL(row.url).protocol}//${facets.server}`;
  if (row.fingerprint) return { server, fingerprint: row.fingerprint.replace(/^sha256:/i, '') };
  const alias = row.tags.split(',').slice(3).find((t) => t && !t.startsWith('@'));
  if (!alias) throw new EngineError('api', `${row.name ?? 'This image source'} has neither a fingerprint nor an alias to ask the server for.`);
  return { server, alias };
}

/**
 * Launches an LXD container from an image-source row (simplestreams): LXD pulls the image from the row's
 * server itself (`source.mode = pull`), with the server's certificate when one is given; or from an image
 * the engine holds already (`{ fingerprint }`: `source: {type: image, fingerprint}`). The operation is
 * followed with progress and can be cancelled; a create that was cancelled, or a start that failed, is
 * undone (the instance is deleted). The engine is synced after, so the catalog shows the new container.
 */
export async function launchFromImageSource(
  catalog: Catalog,
  e: EngineRecord,
  ctx: EngineContext,
  source: string | HeldLxdImage,
  spec: LaunchSpec,
  opts: { signal?: AbortSignal; onProgress?: (text: string) => void } = {},
): Promise<LaunchResult> {
  if (e.kind !== 'lxd') throw new EngineError('api', `${e.name} is not an LXD engine; simplestreams images launch on LXD.`);
  if (!spec.name.trim()) throw new EngineError('api', 'The instance needs a name.');
  const profiles = [...(spec.profiles ?? ['default'])];
  if (new Set(profiles).size !== profiles.length) throw new EngineError('api', 'A profile can be applied only once.');
  const where = typeof source === 'string' ? await pullFrom(catalog, source) : undefined;
  const fingerprint = typeof source === 'string' ? undefined : source.fingerprint.replace(/^sha256:/i, '');
  const started = spec.start !== false;
  const conn = await openEngine(e, ctx);
  try {
    if (conn.kind !== 'lxd') throw new EngineError('protocol', `${e.name} does not answer like LXD.`);
    const lxd = conn.lxd;
    // A held image removed since the row was read: said plainly, not as LXD's "not found" from the create.
    if (fingerprint !== undefined && !(await lxdHasImage(lxd, fingerprint))) throw new EngineError('api', `${e.name} no longer holds the image ${fingerprint.slice(0, 12)}; sync the engine.`);
    const { cancelled } = await lxd.createInstanceFollowed(
      {
        name: spec.name,
        type: 'container',
        source: where
          ? { type: 'image', mode: 'pull', protocol: 'simplestreams', server: where.server, fingerprint: where.fingerprint, alias: where.alias, certificate: spec.certificate }
          : { type: 'image', fingerprint },
        profiles,
        config: { ...(spec.config ?? {}) },
      },
      { ...opts, target: spec.target },
    );
    if (cancelled) {
      await undo(lxd, spec.name, 'the cancel', ctx);
      throw new EngineError('cancelled', 'Cancelled.');
    }
    if (started) {
      try {
        opts.onProgress?.(`Starting ${spec.name}…`);
        await lxd.changeState(spec.name, 'start');
      } catch (err) {
        await undo(lxd, spec.name, 'its start failed', ctx);
        throw err;
      }
    }
  } finally {
    conn.close();
  }
  try {
    await syncEngine(catalog, e, ctx);
  } catch (err) {
    ctx.logger?.warn(`${spec.name} was created, but syncing ${e.name} failed: ${(err as Error).message}`);
  }
  return { engine: e.name, name: spec.name, server: where?.server ?? '', image: where ? where.fingerprint ?? where.alias! : fingerprint!, started };
}

async function pullFrom(catalog: Catalog, sourceId: string): Promise<ReturnType<typeof simplestreamsSource>> {
  const row = await readImageSource(catalog, sourceId);
  if (!row) throw new EngineError('api', `No image source ${sourceId} in the catalog (removed, or the sources were refreshed since).`);
  return simplestreamsSource(row);
}

/**
 * Deletes the instance a launch made. Right after a failed start LXD is still stopping it ("busy running a
 * stop operation"), so that answer is waited out; an instance LXD already dropped (a cancelled create) is fine.
 */
async function undo(lxd: LxdClient, name: string, why: string, ctx: EngineContext): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await lxd.deleteInstance(name);
    } catch (err) {
      if (err instanceof EngineError && err.status === 404) return;
      if (attempt < 20 && err instanceof Error && /busy/i.test(err.message)) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      ctx.logger?.warn(`Could not remove ${name} after ${why}: ${(err as Error).message}`);
      return;
    }
  }
}
