import type { EntityManager } from 'typeorm';
import { ImageSourceCache } from '../entities/ImageSourceCache';
import type { ImageTypeName } from './imageKinds';

// ImageSourceCache is keyed by Type only (seed 001), but one type may be read from several URLs
// (several simplestreams servers; the shipped builtin list plus a URL). So the row of a type holds:
//   Url   JSON array of the URLs ("scopes") this type is read from: for Incus, the server list the
//         CLI and the extension share (the extension's setting only seeds it, see serverList.ts);
//   Etag  JSON object scope → { etags: {fileUrl: ETag or content hash}, group: GroupTag suffix };
//   LastUpdate  unix seconds of the last successful refresh or 304 of the whole type (TTL base).
// Each scope's rows carry GroupTag "<scope>#<group>", so a refresh purges older rows of the same
// scope only, and rows of scopes no longer listed.

export interface ScopeState {
  /** ETag (or `sha256:<hash>` when the server sends none) per fetched file URL. */
  etags: Record<string, string>;
  /** The GroupTag suffix of this scope's current rows. */
  group: string;
}

export interface TypeCacheState {
  urls: string[];
  scopes: Record<string, ScopeState>;
  lastUpdate: number | null;
}

function parseJsonOr<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback; // written by an older build as a bare ETag: treat as never fetched
  }
}

export async function readTypeCache(em: EntityManager, type: ImageTypeName): Promise<TypeCacheState | null> {
  const row = await em.findOne(ImageSourceCache, { where: { type } });
  if (!row) return null;
  const urls = parseJsonOr<unknown>(row.url, []);
  const scopes = parseJsonOr<unknown>(row.etag, {});
  return {
    urls: Array.isArray(urls) ? urls.filter((u): u is string => typeof u === 'string') : [],
    scopes: typeof scopes === 'object' && scopes !== null && !Array.isArray(scopes) ? (scopes as Record<string, ScopeState>) : {},
    lastUpdate: row.lastUpdate,
  };
}

export async function writeTypeCache(em: EntityManager, type: ImageTypeName, state: TypeCacheState): Promise<void> {
  await em.upsert(
    ImageSourceCache,
    { type, url: JSON.stringify(state.urls), etag: JSON.stringify(state.scopes), lastUpdate: state.lastUpdate },
    ['type'],
  );
}

export const groupTagOf = (scope: string, group: string): string => `${scope}#${group}`;
