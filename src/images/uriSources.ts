import type { Catalog } from '../store/catalog';
import { ImageSource } from '../entities/ImageSource';
import { checkHttpUrl, digestFileName, extensionOf } from './catalogNames';
import { reconcileLocalImages, upsertSources } from './applyCatalog';
import { fetchDigest, fileNameOfUrl } from './digestFiles';
import { ImageCatalogError } from './imageCatalogError';
import { CATALOG_LIMITS, statusError, timedFetch, type HttpOptions } from './httpFetch';
import { ImageType, type SourceRow } from './imageKinds';
import { DEFAULT_TTL_SECONDS, type RefreshOptions, type RefreshOutcome } from './refreshScopes';
import { readTypeCache, writeTypeCache } from './sourceCacheState';

export interface UriSourceInput {
  url: string;
  /** Checksum file; when absent `<url>.sha256` (single) then `<dir>/SHA256SUMS` (sums) are tried. */
  digestUrl?: string;
  digestSource?: 'sums' | 'single';
  distribution?: string;
  release?: string;
  name?: string;
}

async function headSize(url: string, http: HttpOptions): Promise<number | null> {
  const r = await timedFetch(url, { method: 'HEAD' }, { ...CATALOG_LIMITS, ...http.limits }, http.signal);
  try {
    if (!r.res.ok) throw statusError(url, r.res);
    const len = Number(r.res.headers.get('content-length'));
    return Number.isSafeInteger(len) && len >= 0 && r.res.headers.has('content-length') ? len : null;
  } finally {
    await r.close();
  }
}

async function resolveDigest(input: UriSourceInput, http: HttpOptions): Promise<{ digest: string; digestUrl: string; digestSource: 'sums' | 'single' }> {
  if (input.digestUrl) {
    const digestUrl = checkHttpUrl('digest URL', input.digestUrl).href;
    const digestSource = input.digestSource ?? (/\.sha(256|384|512)$/i.test(digestUrl) ? 'single' : 'sums');
    return { digest: await fetchDigest(input.url, digestUrl, digestSource, 'SHA256', http), digestUrl, digestSource };
  }
  const single = `${input.url}.sha256`;
  const sums = new URL('SHA256SUMS', input.url).href;
  const failures: string[] = [];
  for (const [digestUrl, digestSource] of [[single, 'single'], [sums, 'sums']] as const) {
    try {
      return { digest: await fetchDigest(input.url, digestUrl, digestSource, 'SHA256', http), digestUrl, digestSource };
    } catch (err) {
      if (http.signal?.aborted) throw err;
      failures.push((err as Error).message);
    }
  }
  throw new ImageCatalogError(input.url, `no checksum found (${failures.join('; ')})`);
}

/** Builds the row of a Uri source: its digest read from SHA256SUMS (`sums`) or a .sha256 file (`single`). */
export async function uriSourceRow(input: UriSourceInput, http: HttpOptions = {}): Promise<SourceRow> {
  const url = checkHttpUrl('image URL', input.url);
  if (/[,]/.test(url.href)) throw new ImageCatalogError(url.href, 'URLs with commas are not supported');
  const size = await headSize(url.href, http);
  const { digest, digestUrl, digestSource } = await resolveDigest({ ...input, url: url.href }, http);
  const file = fileNameOfUrl(url.href);
  const distribution = (input.distribution ?? /^[a-z]+/i.exec(file)?.[0] ?? 'unknown').toLowerCase();
  const release = input.release?.trim() || null;
  return {
    type: ImageType.Uri,
    name: input.name?.trim() || file,
    distribution,
    release,
    // Unique per URL within (Type, Distribution, Tags, Configured).
    tags: `${release ?? 'latest'},@${url.host}${url.pathname}`,
    configured: 'FALSE',
    url: url.href,
    username: null,
    uid: null,
    localFilename: digestFileName('SHA256', digest, extensionOf(url.href)),
    digestSource,
    digestAlgorithm: 'SHA256',
    digestUrl,
    digest,
    size,
    arch: null,
    fingerprint: null,
  };
}

/** Adds (or updates) a Uri source; returns its ImageSource Id. */
export async function addUriSource(catalog: Catalog, input: UriSourceInput, http: HttpOptions = {}): Promise<string> {
  const row = await uriSourceRow(input, http);
  return catalog.write(async (em) => {
    await upsertSources(em, [row], () => `uri:${row.url}`);
    await reconcileLocalImages(em, ImageType.Uri);
    const saved = await em.findOneOrFail(ImageSource, {
      where: { type: row.type, distribution: row.distribution, tags: row.tags, configured: row.configured },
    });
    return saved.id;
  });
}

/**
 * Re-reads the checksum file of every Uri source (all before writing). A changed digest updates the
 * source and marks its Synced local images Outdated, in one transaction.
 */
export async function refreshUriSources(catalog: Catalog, opts: RefreshOptions = {}): Promise<RefreshOutcome> {
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const ttl = opts.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const { cache, sources } = await catalog.read(async (em) => ({
    cache: await readTypeCache(em, ImageType.Uri),
    sources: await em.find(ImageSource, { where: { type: ImageType.Uri } }),
  }));
  if (!opts.force && cache?.lastUpdate != null && now() - cache.lastUpdate < ttl) {
    return { type: ImageType.Uri, status: 'skipped', upserted: 0, purged: 0, outdated: 0, lastUpdate: cache.lastUpdate };
  }
  const changes: { id: string; digest: string; localFilename: string }[] = [];
  for (const s of sources) {
    if (!s.url || !s.digestUrl || (s.digestSource !== 'sums' && s.digestSource !== 'single')) continue;
    const digest = await fetchDigest(s.url, s.digestUrl, s.digestSource, s.digestAlgorithm ?? 'SHA256', { signal: opts.signal, limits: opts.httpLimits });
    if (digest !== s.digest) {
      changes.push({ id: s.id, digest, localFilename: digestFileName(s.digestAlgorithm ?? 'SHA256', digest, extensionOf(s.url)) });
    }
  }
  return catalog.write(async (em) => {
    for (const c of changes) await em.update(ImageSource, { id: c.id }, { digest: c.digest, localFilename: c.localFilename });
    const outdated = changes.length ? await reconcileLocalImages(em, ImageType.Uri) : 0;
    const lastUpdate = now();
    await writeTypeCache(em, ImageType.Uri, { urls: [], scopes: {}, lastUpdate });
    return {
      type: ImageType.Uri, status: changes.length ? 'updated' : 'unchanged', upserted: changes.length, purged: 0, outdated, lastUpdate,
    } as RefreshOutcome;
  });
}
