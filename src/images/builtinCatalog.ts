import { createHash } from 'node:crypto';
import type { Catalog } from '../store/catalog';
import { checkAlgorithm, checkDigest, checkHttpUrl, digestFileName, extensionOf } from './catalogNames';
import { BUILTIN_IMAGES } from './builtinImages';
import { ImageCatalogError } from './imageCatalogError';
import { ImageType, type SourceRow } from './imageKinds';
import { conditionalGet, parseJson, type HttpOptions } from './httpFetch';
import { refreshScopes, type RefreshOptions, type RefreshOutcome, type ScopeFetch } from './refreshScopes';
import type { ScopeState, TypeCacheState } from './sourceCacheState';

/** Scope of the list compiled into the extension (its rows' GroupTag starts with this). */
export const SHIPPED_SCOPE = 'builtin:shipped';

type Json = Record<string, unknown>;

function str(where: string, o: Json, field: string, required: boolean): string | null {
  const v = o[field];
  if (v === undefined || v === null || v === '') {
    if (required) throw new ImageCatalogError(where, `missing field "${field}"`);
    return null;
  }
  if (typeof v !== 'string') throw new ImageCatalogError(where, `field "${field}" is not a string`);
  return v.trim();
}

/** Validates one builtin list (shipped or from the URL) into rows; any bad entry rejects the list. */
export function parseBuiltinList(url: string, json: unknown): SourceRow[] {
  if (!Array.isArray(json)) throw new ImageCatalogError(url, 'a builtin catalog must be a JSON array');
  return json.map((entry, i) => {
    const where = `${url} (entry ${i})`;
    if (typeof entry !== 'object' || entry === null) throw new ImageCatalogError(where, 'entry is not an object');
    const o = entry as Json;
    const distribution = str(where, o, 'Distribution', false) ?? str(where, o, 'Os', true)!;
    const release = str(where, o, 'Release', false);
    const tags = str(where, o, 'Tags', false) ?? release ?? 'latest';
    const imageUrl = checkHttpUrl(where, str(where, o, 'Url', true)).href;
    const algorithm = checkAlgorithm(where, str(where, o, 'DigestAlgorithm', false) ?? 'SHA256');
    const rawDigest = str(where, o, 'Digest', false);
    const digest = rawDigest === null ? null : checkDigest(where, algorithm, rawDigest);
    const digestSource = str(where, o, 'DigestSource', false);
    if (digestSource !== null && !['sums', 'single', 'docker'].includes(digestSource)) {
      throw new ImageCatalogError(where, `DigestSource "${digestSource}" is not sums, single or docker`);
    }
    const digestUrl = str(where, o, 'DigestUrl', false);
    if (digest === null && digestUrl === null) throw new ImageCatalogError(where, 'needs a Digest or a DigestUrl');
    const size = o.Size;
    if (size !== undefined && size !== null && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) {
      throw new ImageCatalogError(where, 'field "Size" is not a byte count');
    }
    const uid = o.Uid;
    return {
      type: ImageType.Builtin,
      name: str(where, o, 'Name', false) ?? `${distribution} ${release ?? ''}`.trim(),
      distribution,
      release,
      tags,
      configured: o.Configured === true || o.Configured === 'TRUE' ? 'TRUE' : 'FALSE',
      url: imageUrl,
      username: str(where, o, 'Username', false),
      uid: typeof uid === 'number' && Number.isSafeInteger(uid) ? uid : null,
      localFilename: digest ? digestFileName(algorithm, digest, extensionOf(imageUrl)) : null,
      digestSource: (digestSource as SourceRow['digestSource']) ?? (digest ? null : 'sums'),
      digestAlgorithm: algorithm,
      digestUrl: digestUrl === null ? null : checkHttpUrl(where, digestUrl).href,
      digest,
      size: typeof size === 'number' ? size : null,
      arch: str(where, o, 'Arch', false),
      fingerprint: null,
    } satisfies SourceRow;
  });
}

const hashOf = (v: unknown): string => `sha256:${createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 32)}`;

async function fetchBuiltin(scope: string, previous: ScopeState | undefined, http: HttpOptions): Promise<ScopeFetch> {
  if (scope === SHIPPED_SCOPE) {
    const group = hashOf(BUILTIN_IMAGES);
    if (previous?.group === group) return { changed: false, state: previous };
    return { changed: true, state: { etags: {}, group }, rows: parseBuiltinList('builtin catalog (shipped)', BUILTIN_IMAGES) };
  }
  const stored = previous?.etags[scope];
  const r = await conditionalGet(scope, stored && !stored.startsWith('sha256:') ? stored : null, http);
  if (r.status === 304 && previous) return { changed: false, state: previous };
  if (r.status === 304) throw new ImageCatalogError(scope, 'HTTP 304 to an unconditional request');
  const tag = r.etag ?? hashOf(r.body.toString('base64'));
  if (previous && tag === stored) return { changed: false, state: previous };
  return { changed: true, state: { etags: { [scope]: tag }, group: tag }, rows: parseBuiltinList(scope, parseJson(scope, r.body)) };
}

/**
 * Refreshes the Builtin type: the shipped list, plus the list at `catalogUrl` when one is set
 * (setting `containerCatalog.imageSources.builtinCatalogUrl`; null = none). `undefined` keeps the
 * URL stored by the last refresh: the CLI has no settings and must not drop the extension's list.
 * Rows of the URL scope win on key collisions because they are applied last.
 */
export function refreshBuiltin(catalog: Catalog, catalogUrl: string | null | undefined, opts: RefreshOptions = {}): Promise<RefreshOutcome> {
  const url = catalogUrl ? checkHttpUrl('builtin catalog URL', catalogUrl).href : null;
  const given = url ? [SHIPPED_SCOPE, url] : [SHIPPED_SCOPE];
  const scopes = (state: TypeCacheState | null): string[] =>
    catalogUrl === undefined && state?.urls.length ? state.urls : given;
  return refreshScopes(catalog, ImageType.Builtin, scopes, fetchBuiltin, opts);
}
