import type { SourceRow } from './imageKinds';
import { parseProducts } from './simplestreamsParser';
import { readSimplestreams } from './simplestreamsRead';
import type { HttpOptions } from './httpFetch';
import type { ScopeState } from './sourceCacheState';

export type ServerFetch =
  | { readonly changed: false; readonly state: ScopeState }
  | { readonly changed: true; readonly state: ScopeState; readonly rows: SourceRow[] };

/**
 * Reads one server with conditional requests (readSimplestreams). Unchanged keeps the old state and
 * parses nothing; otherwise every products file becomes rows. The group (GroupTag suffix) is the
 * products files' ETags joined: it changes exactly when they do.
 */
export async function fetchSimplestreamsServer(server: string, previous: ScopeState | undefined, http: HttpOptions = {}): Promise<ServerFetch> {
  const read = await readSimplestreams(server, previous?.etags, http);
  if (!read.changed) return { changed: false, state: previous! };
  const rows = read.products.flatMap((p) => parseProducts(server, p.url, p.json));
  const group = read.products.map((p) => read.etags[p.url]).join('+') || 'empty';
  return { changed: true, state: { etags: read.etags, group }, rows };
}
