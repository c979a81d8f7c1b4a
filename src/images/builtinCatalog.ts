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

/** `docker://host[:port]/repository[#tag|:tag]`, how Wsl-Manager names a rootfs published as a single-layer image. */
const DOCKER_URL = /^docker:\/\/([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?)\/([a-z0-9]+(?:[._/-][a-z0-9]+)*)(?:[#:]([A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?$/;

function imageUrl(where: string, value: string): { href: string; docker: boolean } {
  if (!value.toLowerCase().startsWith('docker://')) return { href: checkHttpUrl(where, value).href, docker: false };
  const m = DOCKER_URL.exec(value);
  if (!m) throw new ImageCatalogError(where, `"${value}" is not a docker://host/repository#tag URL`);
  return { href: `docker://${m[1]}/${m[2]}#${m[3] ?? 'latest'}`, docker: true };
}

/**
 * Validates one builtin list (shipped, from the URL, or Wsl-Manager's own `builtins.rootfs.json`) into rows.
 * Wsl-Manager's shapes are accepted: a bare array or its cache file (`{ "builtins": [...] }`), `docker://`
 * URLs, the `Hash` (or older `HashSource`) object `{ Type: docker|sums|single, Algorithm, Url }`, `FileHash`
 * for `Digest`, upper-case digests, `Tags` as an array. A malformed entry is skipped and reported through
 * `skipped`; the list is refused only when no entry at all is usable (an empty result would purge the scope).
 */
export function parseBuiltinList(url: string, json: unknown, skipped: string[] = []): SourceRow[] {
  const list = Array.isArray(json) ? json
    : typeof json === 'object' && json !== null && Array.isArray((json as Json).builtins) ? (json as Json).builtins as unknown[]
      : undefined;
  if (!list) throw new ImageCatalogError(url, 'a builtin catalog must be a JSON array (or Wsl-Manager\'s { "builtins": [...] })');
  const rows: SourceRow[] = [];
  const problems: string[] = [];
  list.forEach((entry, i) => {
    try {
      rows.push(parseEntry(`${url} (entry ${i})`, entry));
    } catch (e) {
      if (!(e instanceof ImageCatalogError)) throw e;
      problems.push(e.message);
    }
  });
  if (list.length && !rows.length) throw new ImageCatalogError(url, `no usable entry (${problems.length} malformed; the first: ${problems[0]})`);
  skipped.push(...problems);
  return rows;
}

function parseEntry(where: string, entry: unknown): SourceRow {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ImageCatalogError(where, 'entry is not an object');
  const o = entry as Json;
  const hashValue = o.Hash ?? o.HashSource;
  if (hashValue !== undefined && hashValue !== null && (typeof hashValue !== 'object' || Array.isArray(hashValue))) {
    throw new ImageCatalogError(where, 'field "Hash" is not an object');
  }
  const hash = (hashValue ?? {}) as Json;
  const distribution = str(where, o, 'Distribution', false) ?? str(where, o, 'Os', true)!;
  const release = str(where, o, 'Release', false);
  const tags = tagsOf(where, o.Tags) ?? release ?? 'latest';
  const image = imageUrl(where, str(where, o, 'Url', true)!);
  const algorithm = checkAlgorithm(where, str(where, hash, 'Algorithm', false) ?? str(where, o, 'DigestAlgorithm', false) ?? 'SHA256');
  const rawDigest = str(where, o, 'Digest', false) ?? str(where, o, 'FileHash', false);
  const digest = rawDigest === null ? null : checkDigest(where, algorithm, rawDigest.replace(/^sha(256|384|512):/i, ''));
  const digestSource = (str(where, hash, 'Type', false) ?? str(where, o, 'DigestSource', false))?.toLowerCase() ?? null;
  if (digestSource !== null && !['sums', 'single', 'docker'].includes(digestSource)) {
    throw new ImageCatalogError(where, `DigestSource "${digestSource}" is not sums, single or docker`);
  }
  const digestUrl = str(where, hash, 'Url', false) ?? str(where, o, 'DigestUrl', false);
  // A docker-sourced image's digest is the layer's, which the registry's manifest gives.
  if (digest === null && digestUrl === null && digestSource !== 'docker') throw new ImageCatalogError(where, 'needs a Digest or a DigestUrl');
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
    url: image.href,
    username: str(where, o, 'Username', false),
    uid: typeof uid === 'number' && Number.isSafeInteger(uid) ? uid : null,
    localFilename: digest ? digestFileName(algorithm, digest, image.docker ? 'rootfs.tar.gz' : extensionOf(image.href)) : null,
    digestSource: (digestSource as SourceRow['digestSource']) ?? (digest ? null : 'sums'),
    digestAlgorithm: algorithm,
    digestUrl: digestUrl === null ? null : checkHttpUrl(where, digestUrl).href,
    digest,
    size: typeof size === 'number' ? size : null,
    arch: str(where, o, 'Arch', false),
    fingerprint: null,
  } satisfies SourceRow;
}

/** Tags as Wsl-Manager writes them: an array of strings (or, in older lists, one comma-separated string). */
function tagsOf(where: string, v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string') return v.trim() || null;
  if (Array.isArray(v) && v.every((t) => typeof t === 'string')) return (v as string[]).map((t) => t.trim()).filter(Boolean).join(',') || null;
  throw new ImageCatalogError(where, 'field "Tags" is not a list of strings');
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
  const skipped: string[] = [];
  const rows = parseBuiltinList(scope, parseJson(scope, r.body), skipped);
  return { changed: true, state: { etags: { [scope]: tag }, group: tag }, rows, skipped };
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
