const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

/** The URL without its `user:password@`, which must never be stored or shown. Anything else is kept as written. */
export function withoutUserinfo(url: string): string {
  return url.replace(USERINFO, '$1');
}
