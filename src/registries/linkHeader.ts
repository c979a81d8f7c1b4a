/**
 * The `rel="next"` target of Link headers (`</v2/_catalog?last=x&n=2>; rel="next"`), resolved against
 * the request URL. Returns undefined when there is no next page.
 */
export function nextLinkFromHeaders(linkHeaders: readonly string[] | undefined, requestUrl: URL): URL | undefined {
  for (const header of linkHeaders ?? []) {
    // Several links may share one header, separated by commas outside <…>.
    for (const m of header.matchAll(/<([^>]*)>([^<]*)/g)) {
      const rels = m[2]
        .split(';')
        .map((p) => /^\s*rel\s*=\s*"?([^"]*)"?\s*,?\s*$/i.exec(p)?.[1])
        .filter((v): v is string => v !== undefined)
        .flatMap((v) => v.toLowerCase().split(/\s+/));
      if (!rels.includes('next')) continue;
      try {
        return new URL(m[1], requestUrl);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
