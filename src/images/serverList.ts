import type { Catalog } from '../store/catalog';
import { checkHttpUrl } from './catalogNames';
import { deleteSources } from './applyCatalog';
import { ImageCatalogError } from './imageCatalogError';
import { DEFAULT_SIMPLESTREAMS_SERVERS, ImageType } from './imageKinds';
import { readTypeCache, writeTypeCache, type TypeCacheState } from './sourceCacheState';

// The simplestreams server list lives in the catalog (ImageSourceCache row of type Incus, column
// Url), not in VS Code settings: the headless CLI has no settings and must see the same list. The
// extension's setting `containerCatalog.imageSources.simplestreamsServers` only seeds the list the
// first time (when the row does not exist yet); afterwards the add/remove commands and the CLI edit
// the catalog, and the setting's new entries are added when the user changes the setting.

export { DEFAULT_SIMPLESTREAMS_SERVERS } from './imageKinds';

/** A server base URL in canonical form: http(s), no credentials/query/fragment, no trailing slash. */
export function normalizeServerUrl(value: string): string {
  const url = checkHttpUrl('simplestreams server', value.trim());
  if (url.search || url.hash) throw new ImageCatalogError(url.href, 'a server URL takes no query or fragment');
  const s = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  if (/[,\s#]/.test(s)) throw new ImageCatalogError(s, 'a server URL may not contain commas, spaces or "#"');
  return s;
}

const empty = (urls: string[]): TypeCacheState => ({ urls, scopes: {}, lastUpdate: null });

/** The catalog's server list as it is (empty when none was made yet): what the add command and the CLI report. */
export function readServerList(catalog: Catalog): Promise<string[]> {
  return catalog.read(async (em) => (await readTypeCache(em, ImageType.Incus))?.urls ?? []);
}

/** Creates the list from `seed` if the catalog has none yet; returns the list. */
export async function ensureServerList(catalog: Catalog, seed: string[]): Promise<string[]> {
  const existing = await catalog.read((em) => readTypeCache(em, ImageType.Incus));
  if (existing) return existing.urls;
  const urls = [...new Set(seed.map(normalizeServerUrl))];
  return catalog.write(async (em) => {
    const again = await readTypeCache(em, ImageType.Incus);
    if (again) return again.urls;
    await writeTypeCache(em, ImageType.Incus, empty(urls));
    return urls;
  });
}

/** Adds a server; adding one that is listed already changes nothing. Returns the normalized URL. */
export async function addServer(catalog: Catalog, value: string, seed: string[] = DEFAULT_SIMPLESTREAMS_SERVERS): Promise<string> {
  const url = normalizeServerUrl(value);
  await catalog.write(async (em) => {
    const state = (await readTypeCache(em, ImageType.Incus)) ?? empty(seed.map(normalizeServerUrl));
    if (state.urls.includes(url)) return;
    state.urls.push(url);
    await writeTypeCache(em, ImageType.Incus, state);
  });
  return url;
}

/** Removes a server and, in the same transaction, the rows it offered (local images are kept). */
export async function removeServer(catalog: Catalog, value: string): Promise<{ removedRows: number }> {
  const url = normalizeServerUrl(value);
  return catalog.write(async (em) => {
    const state = await readTypeCache(em, ImageType.Incus);
    if (!state || !state.urls.includes(url)) throw new ImageCatalogError(url, 'is not in the simplestreams server list');
    state.urls = state.urls.filter((u) => u !== url);
    delete state.scopes[url];
    await writeTypeCache(em, ImageType.Incus, state);
    const prefix = `${url}#`;
    const removedRows = await deleteSources(em, `"Type" = ? AND substr("GroupTag", 1, length(?)) = ?`, [ImageType.Incus, prefix, prefix]);
    return { removedRows };
  });
}
