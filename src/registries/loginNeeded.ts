// Apart from importContainerKit (and sql.js, which it reads local.db with) so the Registries view can mark these
// registries without loading the importer.

/** What Container Kit's `logged_in = 1` becomes: shown on the registry until a login here succeeds. */
export const LOGIN_NEEDED = 'Login needed: Container Kit was logged in to this registry, but its saved login is not in local.db. Log in here to use it.';

/** A registry imported as "login needed" that has not been logged in to since. */
export function isLoginNeeded(r: { readonly loggedIn: boolean; readonly lastError: string | null }): boolean {
  return !r.loggedIn && r.lastError === LOGIN_NEEDED;
}
