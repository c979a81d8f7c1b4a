import { createHash } from 'node:crypto';
import { resolveUnder } from './catalogNames';
import { ImageCatalogError } from './imageCatalogError';
import { conditionalGet, parseJson, type HttpOptions } from './httpFetch';
import { parseIndex } from './simplestreamsParser';

/**
 * One conditional read of a simplestreams server: unchanged since the ETags given, or every products
 * file's JSON. `etags` maps index.json and each products file to the tag to send next time.
 */
export type SimplestreamsRead =
  | { readonly changed: false; readonly etags: Record<string, string> }
  | { readonly changed: true; readonly etags: Record<string, string>; readonly products: ReadonlyArray<{ readonly url: string; readonly json: unknown }> };

/** Stands in for an ETag when a server sends none; never sent back as If-None-Match. */
const contentTag = (body: Buffer): string => `sha256:${createHash('sha256').update(body).digest('hex')}`;

/**
 * Reads index.json, then the products files it names, each with If-None-Match from `previous`. When
 * every file answers 304 (or, for a server without ETags, hashes the same as last time), nothing is
 * parsed: unchanged. Otherwise every products file is returned in full (one that answered 304 is fetched
 * again without If-None-Match, because callers rebuild what they know of a server from all its files).
 * Both the image-source refresh and LXD's outdated-image check read servers this way.
 */
export async function readSimplestreams(server: string, previous: Readonly<Record<string, string>> | undefined, http: HttpOptions = {}): Promise<SimplestreamsRead> {
  const old = previous ?? {};
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
  if (unchanged) return { changed: false, etags };

  const products: Array<{ url: string; json: unknown }> = [];
  for (const url of productUrls) {
    if (!bodies.has(url)) await get(url, false);
    products.push({ url, json: parseJson(url, bodies.get(url)!) });
  }
  return { changed: true, etags, products };
}
