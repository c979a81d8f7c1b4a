import { Registry } from '../entities/Registry';
import type { Catalog } from '../store/catalog';
import { sqlDate } from './bulkSql';
import { changeEngine } from './engineCall';
import type { EngineContext } from './engineConnection';
import { EngineError } from './engineError';
import { readEngineImageRows, type EngineImageRow } from './engineImageRows';
import { pullToEngine } from './engineImages';
import type { EngineRecord } from './engineRecord';
import { engineSyncKey } from './mirrorMemory';
import type { PullProgress } from './pullProgress';
import { pullSourceFor } from './registryPull';
import { registryTagsOf, type CredentialsFor } from './registryTagCheck';

export interface RepullResult {
  readonly engine: string;
  /** The tags pulled again (Podman/Docker) or the alias refreshed (LXD). */
  readonly pulled: string[];
  /** The image id or fingerprint each now points at. */
  readonly images: string[];
}

/**
 * Pulls an engine image again from where it came from, so an outdated one is current: Podman/Docker pull
 * each of its registry tags with the registry's saved login; LXD refreshes it from its update source
 * (`POST /1.0/images/<fp>/refresh`: a newer build takes over its aliases). The engine is synced after,
 * and the images now behind those tags are marked current. `image`: id, unique id prefix, or a tag/alias.
 */
export async function repullEngineImage(
  catalog: Catalog,
  e: EngineRecord,
  ctx: EngineContext,
  image: string,
  opts: { credentialsFor?: CredentialsFor; signal?: AbortSignal; onProgress?: (p: PullProgress) => void } = {},
): Promise<RepullResult> {
  const row = pickImage(await readEngineImageRows(catalog, e.id), image.replace(/^sha256:/, ''), e.name);
  const fp = row.fingerprint;
  let result: RepullResult;
  if (e.kind === 'lxd') {
    if (!row.source) throw new EngineError('api', `The image ${fp.slice(0, 12)} on ${e.name} has no update source to pull it again from.`);
    const alias = row.source.alias;
    const { refreshed } = await changeEngine(catalog, e, ctx, async (conn) => {
      if (conn.kind !== 'lxd') throw new EngineError('protocol', `${e.name} does not answer like LXD.`);
      return conn.lxd.refreshImage(fp, { signal: opts.signal, onProgress: (status) => opts.onProgress?.({ status }) });
    });
    // LXD found no newer build (it reads simplestreams through its own cache, up to an hour old): the
    // image stays, and so does its mark until the next check.
    const now = refreshed ? (await readEngineImageRows(catalog, e.id)).filter((i) => i.source?.server === row.source!.server && i.source.alias === alias) : [];
    result = { engine: e.name, pulled: refreshed ? [alias] : [], images: now.map((i) => i.fingerprint) };
  } else if (e.kind === 'podman' || e.kind === 'docker') {
    const registries = await catalog.read((em) => em.find(Registry));
    const tags = registryTagsOf([row], registries);
    if (!tags.length) throw new EngineError('api', `The image ${row.aliases[0] ?? fp.slice(0, 12)} on ${e.name} has no tag of a registry in the catalog to pull again.`);
    const pulled: string[] = [];
    const images: string[] = [];
    for (const t of tags) {
      const source = pullSourceFor(t.registry, t.repository, t.reference, await opts.credentialsFor?.(t.registry));
      const r = await pullToEngine(catalog, e, ctx, source, { signal: opts.signal, onProgress: opts.onProgress });
      pulled.push(t.tag);
      images.push(r.id.replace(/^sha256:/, ''));
    }
    result = { engine: e.name, pulled, images };
  } else {
    throw new EngineError('api', `${e.name} lives only in the catalog; it cannot pull.`);
  }
  // What the tags point at now came from the source just now: current until the next check says otherwise.
  await catalog.write(
    async (em) => {
      for (const id of result.images) {
        await em.query('UPDATE images SET outdated = 0, upstream_checked_at = ? WHERE engine_id = ? AND fingerprint = ?', [sqlDate(new Date()), e.id, id]);
      }
    },
    { touched: [engineSyncKey(e.id)] },
  );
  return result;
}

/** The image by full id/fingerprint, a unique prefix of at least 12 hex digits, or a tag/alias it carries. */
function pickImage(rows: readonly EngineImageRow[], wanted: string, engine: string): EngineImageRow {
  const exact = rows.find((r) => r.fingerprint === wanted || r.aliases.includes(wanted));
  if (exact) return exact;
  const byPrefix = /^[0-9a-f]{12,}$/i.test(wanted) ? rows.filter((r) => r.fingerprint.startsWith(wanted.toLowerCase())) : [];
  if (byPrefix.length === 1) return byPrefix[0];
  if (byPrefix.length > 1) throw new EngineError('api', `"${wanted}" names several images on ${engine}; give more of the id.`);
  throw new EngineError('api', `${engine} holds no image "${wanted}" in the catalog; sync the engine and try again.`);
}
