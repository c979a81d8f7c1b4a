import { createHash } from 'node:crypto';
import { resolveUnder } from './catalogNames';
import { ImageCatalogError } from './imageCatalogError';
import { conditionalGet, parseJson, type HttpOptions } from './httpFetch';
import type { SourceRow } from './imageKinds';
import { parseIndex, parseProducts } from './simplestreamsParser';
import type { ScopeState } from './sourceCacheState';

export type ServerFetch =
  | { readonly changed: false; readonly state: ScopeState }
  | { readonly changed: true; readonly state: ScopeState; readonly rows: SourceRow[] };

/** Stands in for an ETag when a server sends none. */
const contentTag = (body: Buffer): string => `sha256:${createHash('sha256').update(body).digest('hex')}`;

/**
 * Reads one server with conditional requests. When index.json and every products file answer 304
 * (or, for a server without ETags, hash the same as last time), nothing is parsed and the old
 * state is returned. Otherwise every products file is read in full (one that answered 304 is
 * fetched again without If-None-Match, because a server's rows are always rewritten together).
 * The group (GroupTag suffix) is the products files' ETags joined: it changes exactly when they do.
 */
export async function fetchSimplestreamsServer(server: string, previous: ScopeState | undefined, http: HttpOptions = {}): Promise<ServerFetch> {
  const old = previous?.etags ?? {};
  const indexUrl = resolveUnder(server, server, 'streams/v1/index.json');
  const etags: Record<string, string> = {};
  const bodies = new Map<string, Buffer>();

  const get = async (url: string, conditional: boolean): Promise<void> => {
    const stored = conditional ? old[url] : undefined;
    const r = await conditionalGet(url, stored && !stored.startsWith('sha256:') ? stored : null, http);
    if (r.status === 304) {
      if (!stored) throw new ImageCatalogError(url, 'HTTP 304 to an unconditional request');
      etags[url] = stored;
      return;
    }
    etags[url] = r.etag ?? contentTag(r.body);
    bodies.set(url, r.body);
  };

  await get(indexUrl, true);
  const productUrls = bodies.has(indexUrl)
    ? parseIndex(indexUrl, parseJson(indexUrl, bodies.get(indexUrl)!)).map((p) => resolveUnder(indexUrl, server, p))
    : Object.keys(old).filter((u) => u !== indexUrl);
  for (const url of productUrls) await get(url, true);

  const unchanged = previous !== undefined
    && Object.keys(old).length === productUrls.length + 1
    && [indexUrl, ...productUrls].every((u) => etags[u] === old[u]);
  if (unchanged) return { changed: false, state: previous };

  const rows: SourceRow[] = [];
  for (const url of productUrls) {
    if (!bodies.has(url)) await get(url, false);
    rows.push(...parseProducts(server, url, parseJson(url, bodies.get(url)!)));
  }
  const group = productUrls.map((u) => etags[u]).join('+') || 'empty';
  return { changed: true, state: { etags, group }, rows };
}
