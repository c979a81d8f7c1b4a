import type { Catalog } from '../store/catalog';
import { applyCatalog, type ScopeUpdate } from './applyCatalog';
import type { HttpLimits, HttpOptions } from './httpFetch';
import type { ImageTypeName, SourceRow } from './imageKinds';
import { readTypeCache, writeTypeCache, type ScopeState, type TypeCacheState } from './sourceCacheState';

export const DEFAULT_TTL_SECONDS = 24 * 3600;

export interface RefreshOptions {
  /** Ignore the TTL. */
  force?: boolean;
  ttlSeconds?: number;
  signal?: AbortSignal;
  /** Idle and total timeouts of each request (defaults: CATALOG_LIMITS); tests shorten them. */
  httpLimits?: Partial<HttpLimits>;
  /** Unix seconds; tests and the bench leave it alone. */
  now?: () => number;
}

export interface RefreshOutcome {
  type: ImageTypeName;
  /** skipped: younger than the TTL; unchanged: every scope answered 304; updated: rows were rewritten. */
  status: 'skipped' | 'unchanged' | 'updated';
  upserted: number;
  purged: number;
  outdated: number;
  lastUpdate: number | null;
  /**
   * Scopes (servers, catalog URLs) that could not be read this time, each with the reason. Their rows and
   * ETags stay as they were; the others were refreshed. Absent when every scope answered.
   */
  failedScopes?: { readonly scope: string; readonly error: string }[];
  /** Malformed entries of the lists read, each skipped (the rest of its list was used), with why. */
  skipped?: string[];
}

export type ScopeFetch =
  | { readonly changed: false; readonly state: ScopeState }
  | { readonly changed: true; readonly state: ScopeState; readonly rows: SourceRow[]; readonly skipped?: readonly string[] };

export type ScopeFetcher = (scope: string, previous: ScopeState | undefined, http: HttpOptions) => Promise<ScopeFetch>;

/**
 * The refresh of one type whose rows come in scopes (servers, catalog URLs):
 * 1. TTL: a cache younger than the TTL, with every scope fetched before, stops here (unless forced);
 * 2. every scope is fetched with conditional requests, all before anything is written;
 * 3. all 304 → only LastUpdate changes; otherwise ONE catalog.write() upserts, purges and
 *    reconciles local images and stores the new ETags.
 * Each scope stands alone: one that fails (unreachable, HTTP error, malformed JSON, missing field, hostile
 * path) keeps its rows and ETag as they were and is named in `failedScopes`, while the others are written —
 * one server offline must not hold back the mirror the user can reach. LastUpdate then stays as it was, so
 * the next refresh tries the failed scope again despite the TTL. When every scope fails, it throws the first
 * failure before any write, and the catalog stays exactly as it was. Cancelling always throws.
 */
export async function refreshScopes(
  catalog: Catalog,
  type: ImageTypeName,
  scopes: (state: TypeCacheState | null) => string[],
  fetcher: ScopeFetcher,
  opts: RefreshOptions = {},
): Promise<RefreshOutcome> {
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const ttl = opts.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const cached = await catalog.read((em) => readTypeCache(em, type));
  const list = scopes(cached);
  const allSeen = list.every((s) => cached?.scopes[s] !== undefined);
  if (!opts.force && cached?.lastUpdate != null && allSeen && now() - cached.lastUpdate < ttl) {
    return { type, status: 'skipped', upserted: 0, purged: 0, outdated: 0, lastUpdate: cached.lastUpdate };
  }
  const fetched = new Map<string, ScopeFetch>();
  const failed: { scope: string; error: unknown }[] = [];
  for (const scope of list) {
    try {
      fetched.set(scope, await fetcher(scope, cached?.scopes[scope], { signal: opts.signal, limits: opts.httpLimits }));
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      failed.push({ scope, error: e });
    }
  }
  if (failed.length && failed.length === list.length) throw failed[0].error;
  const removedScopes = Object.keys(cached?.scopes ?? {}).some((s) => !list.includes(s));
  const anyChange = [...fetched.values()].some((f) => f.changed) || removedScopes;

  return catalog.write(async (em) => {
    // Re-read inside the transaction: the scope list may have been edited meanwhile (CLI, window).
    const current = (await readTypeCache(em, type)) ?? { urls: list, scopes: {}, lastUpdate: null };
    const currentList = scopes(current);
    const updates: ScopeUpdate[] = [];
    const nextScopes: Record<string, ScopeState> = {};
    for (const scope of currentList) {
      const f = fetched.get(scope);
      if (f) {
        nextScopes[scope] = f.state;
        if (f.changed) updates.push({ scope, group: f.state.group, rows: f.rows });
      } else if (current.scopes[scope]) {
        nextScopes[scope] = current.scopes[scope];
      }
    }
    const result = anyChange ? await applyCatalog(em, type, updates, currentList) : { upserted: 0, purged: 0, outdated: 0 };
    const lastUpdate = failed.length ? current.lastUpdate : now();
    await writeTypeCache(em, type, { urls: currentList, scopes: nextScopes, lastUpdate });
    const failedScopes = failed.map((f) => ({ scope: f.scope, error: f.error instanceof Error ? f.error.message : String(f.error) }));
    const skipped = [...fetched.values()].flatMap((f) => (f.changed ? f.skipped ?? [] : []));
    return { type, status: anyChange ? 'updated' : 'unchanged', ...result, lastUpdate, ...(failed.length ? { failedScopes } : {}), ...(skipped.length ? { skipped } : {}) } as RefreshOutcome;
  });
}
