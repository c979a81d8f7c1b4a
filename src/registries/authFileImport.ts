import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { normalizeRegistryUrl, RegistryUrlError } from './registryUrl';
import { jsonSyntaxPlace } from '../shared/jsonSyntaxPlace';

/** A login found inline in an auth file (`auths.<registry>.auth` = base64 of `user:secret`). */
export interface ImportedLogin {
  /** Canonical registry key (see normalizeRegistryUrl). */
  readonly url: string;
  readonly username: string;
  /** Secret as found; the caller moves it into SecretStorage and forgets it. */
  readonly secret: string;
  readonly file: string;
}

/** An entry whose secret lives in a credential helper (`credHelpers`/`credsStore`); named, not imported. */
export interface HelperEntry {
  readonly registry: string;
  readonly helper: string;
  readonly file: string;
}

export interface SkippedEntry {
  readonly registry: string;
  readonly reason: string;
  readonly file: string;
}

export interface AuthFileScan {
  readonly logins: ImportedLogin[];
  readonly helpers: HelperEntry[];
  readonly skipped: SkippedEntry[];
  /** Files that were looked at and existed. */
  readonly filesRead: string[];
}

/**
 * Where docker and podman/skopeo/buildah keep logins, in the order they look: docker's config
 * ($DOCKER_CONFIG or ~/.docker), then containers' auth.json ($REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR,
 * ~/.config/containers).
 */
export function defaultAuthFiles(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  const files = [join(env.DOCKER_CONFIG ?? join(home, '.docker'), 'config.json')];
  if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) files.push(join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  files.push(join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'containers', 'auth.json'));
  return [...new Set(files)];
}

/**
 * Reads the logins of docker/podman auth files. Inline `auths` entries are returned with their secret
 * (which may itself contain ":"); entries kept by a credential helper are only named. A missing file
 * is not an error; an unreadable or malformed one is reported as skipped, never thrown.
 */
export async function scanAuthFiles(files: readonly string[]): Promise<AuthFileScan> {
  const logins: ImportedLogin[] = [];
  const helpers: HelperEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const filesRead: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') skipped.push({ registry: '*', reason: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, file });
      continue;
    }
    filesRead.push(file);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      const place = jsonSyntaxPlace(e, text);
      skipped.push({ registry: '*', reason: `not valid JSON${place ? ` (at ${place})` : ''}`, file });
      continue;
    }
    if (!isObject(json)) {
      skipped.push({ registry: '*', reason: 'not a JSON object', file });
      continue;
    }
    const credHelpers = isObject(json.credHelpers) ? json.credHelpers : {};
    const credsStore = typeof json.credsStore === 'string' && json.credsStore ? json.credsStore : undefined;
    const auths = isObject(json.auths) ? json.auths : {};

    for (const [registry, helper] of Object.entries(credHelpers)) {
      if (typeof helper === 'string') helpers.push({ registry, helper: `docker-credential-${helper}`, file });
    }
    for (const [registry, entry] of Object.entries(auths)) {
      let url: string;
      try {
        url = normalizeRegistryUrl(registry).key;
      } catch (e) {
        // The key is shown without what comes before its "@": that may be a password.
        skipped.push({ registry: shownKey(registry), reason: e instanceof RegistryUrlError ? e.message : String(e), file });
        continue;
      }
      if (registry in credHelpers) continue; // already named as a helper entry
      const parsed = isObject(entry) ? inlineCredentials(entry) : { reason: 'the entry is not an object' };
      if ('username' in parsed) logins.push({ url, username: parsed.username, secret: parsed.secret, file });
      else if (parsed.reason === 'empty' && credsStore) helpers.push({ registry, helper: `docker-credential-${credsStore}`, file });
      else skipped.push({ registry, reason: parsed.reason === 'empty' ? 'no credentials in the entry' : parsed.reason, file });
    }
  }
  return { logins, helpers, skipped, filesRead };
}

/** An auths key as it may be shown: up to its last "@" (user:password, or worse) replaced by "…". */
function shownKey(registry: string): string {
  return registry.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, (_m, scheme: string | undefined) => `${scheme ?? ''}…@`);
}

function inlineCredentials(entry: Record<string, unknown>): { username: string; secret: string } | { reason: string } {
  if (typeof entry.auth === 'string' && entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    // Only the first ":" separates: passwords and tokens may contain more.
    const i = decoded.indexOf(':');
    if (i <= 0) return { reason: 'the "auth" value is not base64 of user:secret' };
    const secret = decoded.slice(i + 1);
    if (!secret) return { reason: 'the "auth" value has an empty secret' };
    return { username: decoded.slice(0, i), secret };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string' && entry.username && entry.password) {
    return { username: entry.username, secret: entry.password };
  }
  if (typeof entry.identitytoken === 'string' && entry.identitytoken) {
    return { reason: 'it holds an OAuth identity token, which cannot be used as a password; log in instead' };
  }
  return { reason: 'empty' };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
