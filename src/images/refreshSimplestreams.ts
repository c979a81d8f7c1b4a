import type { Catalog } from '../store/catalog';
import { ImageType } from './imageKinds';
import { refreshScopes, type RefreshOptions, type RefreshOutcome } from './refreshScopes';
import { DEFAULT_SIMPLESTREAMS_SERVERS, normalizeServerUrl } from './serverList';
import { fetchSimplestreamsServer } from './simplestreamsFetch';

/** Refreshes every listed simplestreams server (type Incus); the list comes from the catalog. */
export function refreshSimplestreams(
  catalog: Catalog,
  opts: RefreshOptions & { seedServers?: string[] } = {},
): Promise<RefreshOutcome> {
  const seed = (opts.seedServers ?? DEFAULT_SIMPLESTREAMS_SERVERS).map(normalizeServerUrl);
  return refreshScopes(catalog, ImageType.Incus, (state) => state?.urls ?? seed, fetchSimplestreamsServer, opts);
}
