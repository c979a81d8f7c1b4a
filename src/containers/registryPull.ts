import type { Registry } from '../entities/Registry';
import type { RegistryCredentials } from '../registries/registryTransport';
import { normalizeRegistryUrl } from '../registries/registryUrl';
import { validateReference, validateRepositoryName } from '../registries/repositoryName';
import type { DockerClient } from './dockerClient';
import { EngineError } from './engineError';
import type { PullProgress } from './pullProgress';

/** A registry tag to pull, with what the registry's catalog row says about reaching it. */
export interface PullSource {
  /** `host/repository:tag`, as engines name images. */
  readonly reference: string;
  /** The registry's display name, for messages. */
  readonly registry: string;
  /** Plain http or TLS not verified (the row is http:// or marked insecure). */
  readonly plainHttp: boolean;
  /** The saved login, read by the caller (the secret lives only in SecretStorage or on stdin). */
  readonly credentials?: RegistryCredentials;
}

/** The pull source of `repository:tag` on a registry row. */
export function pullSourceFor(
  registry: Pick<Registry, 'name' | 'url' | 'insecure'>,
  repository: string,
  tag: string,
  credentials?: RegistryCredentials,
): PullSource {
  const problem = validateRepositoryName(repository) ?? validateReference(tag);
  if (problem) throw new EngineError('api', problem);
  const ep = normalizeRegistryUrl(registry.url);
  const sep = tag.includes(':') ? '@' : ':';
  return { reference: `${ep.referenceHost}/${repository}${sep}${tag}`, registry: registry.name, plainHttp: ep.scheme === 'http' || registry.insecure, credentials };
}

/** `host[:port]/repo[:tag]` split into its host, repository and tag (`latest` when none is given). */
export function splitImageReference(ref: string): { host: string; repository: string; tag: string } {
  const m = /^([^/]+)\/([^:@]+)(?:[:@](.+))?$/.exec(ref.trim());
  if (!m || !/[.:]|^localhost$/.test(m[1])) {
    throw new EngineError('api', `"${ref}" is not a registry reference; write HOST/REPOSITORY:TAG, e.g. 127.0.0.1:5000/team/app:1.0.`);
  }
  return { host: m[1], repository: m[2], tag: m[3] ?? 'latest' };
}

/** The `X-Registry-Auth` value: base64url of the login JSON (Docker's and Podman's format). */
export function registryAuthHeader(source: PullSource): string | undefined {
  if (!source.credentials) return undefined;
  const host = source.reference.slice(0, source.reference.indexOf('/'));
  const json = JSON.stringify({ username: source.credentials.username, password: source.credentials.password, serveraddress: host });
  // URL-safe alphabet WITH padding: Go's base64.URLEncoding, which both engines decode with.
  return Buffer.from(json, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * Pulls a registry tag into a Podman/Docker engine. The engine's refusal is reworded where the user has
 * a clear next step (a rejected login, a missing tag); the engine's own words follow in parentheses.
 */
export async function pullFromRegistry(
  docker: DockerClient,
  kind: 'podman' | 'docker',
  source: PullSource,
  opts: { signal?: AbortSignal; onProgress?: (p: PullProgress) => void } = {},
): Promise<void> {
  try {
    await docker.pull(source.reference, {
      libpod: kind === 'podman',
      tlsVerify: !source.plainHttp,
      auth: registryAuthHeader(source),
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
  } catch (err) {
    if (!(err instanceof EngineError) || err.kind !== 'api') throw err;
    throw new EngineError('api', explain(err.message, source, kind), err.status);
  }
}

function explain(message: string, source: PullSource, kind: 'podman' | 'docker'): string {
  if (/unauthorized|authentication required|incorrect username or password|no basic auth credentials|denied/i.test(message)) {
    return source.credentials
      ? `${source.registry} refused the saved login of ${source.credentials.username} for ${source.reference}; log in again. (${message})`
      : `${source.registry} does not allow anonymous pulls of ${source.reference}; log in first. (${message})`;
  }
  if (/manifest unknown|not found|name unknown/i.test(message)) return `${source.reference} does not exist on ${source.registry}. (${message})`;
  if (kind === 'docker' && source.plainHttp && /HTTP response to HTTPS client/i.test(message)) {
    return `${source.registry} speaks plain http; Docker pulls from it only if the daemon lists it in "insecure-registries". (${message})`;
  }
  return message;
}
