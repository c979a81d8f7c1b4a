import type { Catalog } from '../store/catalog';
import { refreshBuiltin } from './builtinCatalog';
import type { ImageTypeName } from './imageKinds';
import type { RefreshOptions, RefreshOutcome } from './refreshScopes';
import { refreshSimplestreams } from './refreshSimplestreams';
import { refreshUriSources } from './uriSources';

export type TypeRefresh = RefreshOutcome | { type: ImageTypeName; status: 'failed'; error: string };

export interface RefreshAllOptions extends RefreshOptions {
  /** Builtin catalog URL: a string or null from the extension's setting; undefined keeps the stored one (CLI). */
  builtinCatalogUrl?: string | null;
  /** Seeds the simplestreams server list when the catalog has none yet. */
  seedServers?: string[];
}

/**
 * Refreshes every type, each in its own transaction: a failing type (say an unreachable server)
 * is reported and leaves its own rows as they were, without holding back the others.
 */
export async function refreshAllImageSources(catalog: Catalog, opts: RefreshAllOptions = {}): Promise<TypeRefresh[]> {
  const steps: [ImageTypeName, () => Promise<RefreshOutcome>][] = [
    ['Builtin', () => refreshBuiltin(catalog, opts.builtinCatalogUrl, opts)],
    ['Incus', () => refreshSimplestreams(catalog, opts)],
    ['Uri', () => refreshUriSources(catalog, opts)],
  ];
  const out: TypeRefresh[] = [];
  for (const [type, run] of steps) {
    if (opts.signal?.aborted) break;
    try {
      out.push(await run());
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      out.push({ type, status: 'failed', error: (e as Error).message });
    }
  }
  return out;
}
