import { Registry } from '../entities/Registry';
import type { Catalog } from '../store/catalog';
import { sqlDate } from './bulkSql';
import type { EngineContext } from './engineConnection';
import { EngineError } from './engineError';
import { readEngineImageRows } from './engineImageRows';
import type { EngineRecord } from './engineRecord';
import type { CheckProgress, ImageCheckError, ImageVerdict, RateLimitedRegistry } from './imageUpdateTypes';
import { engineSyncKey } from './mirrorMemory';
import { checkRegistryTags, registryTagsOf, type CredentialsFor } from './registryTagCheck';
import { checkSimplestreamsImages, simplestreamsImagesOf } from './simplestreamsAliasCheck';
import { syncEngine } from './syncEngine';

/** An engine image the catalog marks outdated, as the CLI and the tree list it. */
export interface OutdatedEngineImage {
  readonly fingerprint: string;
  readonly name: string;
  readonly latest: string | null;
  readonly checkedAt: string | null;
}

export interface EngineImageCheck {
  readonly engine: string;
  /** Images compared with their source. */
  readonly checked: number;
  /** Every image found outdated by this check (the catalog now marks exactly these). */
  readonly outdated: ImageVerdict[];
  /** Images whose source could not be asked; their marks stay as they were. */
  readonly errors: ImageCheckError[];
  /** Registries that answered 429: asked nothing more in this check (their images are among `errors`). */
  readonly rateLimited: RateLimitedRegistry[];
}

/**
 * "Check for outdated engine images": syncs the engine (so the check sees what it holds now), then asks
 * each image's source: Podman/Docker tags of a registry in the catalog with one HEAD each (with the
 * registry's login from `credentialsFor`), LXD images with a simplestreams update source with one
 * conditional read per server. The verdicts are written in one catalog write with the engine images'
 * rows; a cancel writes nothing.
 */
export async function checkEngineImageUpdates(
  catalog: Catalog,
  e: EngineRecord,
  ctx: EngineContext,
  opts: { credentialsFor?: CredentialsFor; signal?: AbortSignal; onProgress?: CheckProgress } = {},
): Promise<EngineImageCheck> {
  if (e.kind === 'catalog') throw new EngineError('api', `${e.name} lives only in the catalog; its images cannot be checked.`);
  await syncEngine(catalog, e, ctx, { signal: opts.signal });
  const images = await readEngineImageRows(catalog, e.id);
  let result: { verdicts: ImageVerdict[]; errors: ImageCheckError[]; rateLimited?: RateLimitedRegistry[] };
  if (e.kind === 'lxd') {
    const list = simplestreamsImagesOf(images);
    result = await checkSimplestreamsImages(list, { signal: opts.signal, onProgress: opts.onProgress });
  } else {
    const registries = await catalog.read((em) => em.find(Registry));
    const tags = registryTagsOf(images, registries);
    result = await checkRegistryTags(tags, opts.credentialsFor, { signal: opts.signal, onProgress: opts.onProgress });
  }
  if (opts.signal?.aborted) throw new EngineError('cancelled', 'Cancelled.');
  // One verdict per image: outdated when any of its tags is.
  const byImage = new Map<number, ImageVerdict>();
  for (const v of result.verdicts) {
    const had = byImage.get(v.id);
    if (!had || (v.outdated && !had.outdated)) byImage.set(v.id, v);
  }
  const now = sqlDate(new Date());
  if (byImage.size) {
    await catalog.write(
      async (em) => {
        for (const v of byImage.values()) {
          await em.query(
            'UPDATE images SET outdated = ?, upstream_digest = ?, upstream_etags = ?, upstream_checked_at = ? WHERE id = ? AND engine_id = ? AND fingerprint = ?',
            [v.outdated ? 1 : 0, v.latest, v.etags ?? null, now, v.id, e.id, v.fingerprint],
          );
        }
      },
      { touched: [engineSyncKey(e.id)] },
    );
  }
  return { engine: e.name, checked: byImage.size, outdated: [...byImage.values()].filter((v) => v.outdated), errors: result.errors, rateLimited: result.rateLimited ?? [] };
}

/** The images of an engine the catalog marks outdated (from the last check; no network). */
export async function listOutdatedEngineImages(catalog: Catalog, engineId: number): Promise<OutdatedEngineImage[]> {
  return (await readEngineImageRows(catalog, engineId))
    .filter((i) => i.outdated)
    .map((i) => ({ fingerprint: i.fingerprint, name: i.aliases[0] ?? i.source?.alias ?? i.fingerprint.slice(0, 12), latest: i.upstreamDigest, checkedAt: i.upstreamCheckedAt }));
}
