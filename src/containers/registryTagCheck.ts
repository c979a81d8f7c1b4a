import type { Registry } from '../entities/Registry';
import { RegistryClient } from '../registries/registryClient';
import { isRegistryError } from '../registries/registryError';
import type { RegistryCredentials } from '../registries/registryTransport';
import { normalizeRegistryUrl } from '../registries/registryUrl';
import type { EngineImageRow } from './engineImageRows';
import { EngineError } from './engineError';
import type { CheckProgress, ImageCheckError, ImageVerdict, RateLimitedRegistry } from './imageUpdateTypes';
import { splitImageReference } from './registryPull';

export type CredentialsFor = (registry: Registry) => Promise<RegistryCredentials | undefined>;

/** A Podman/Docker tag of a registry in the catalog: what the check asks about. */
export interface RegistryTag {
  readonly image: EngineImageRow;
  readonly tag: string;
  readonly registry: Registry;
  readonly repository: string;
  readonly reference: string;
}

/**
 * The tags of Podman/Docker images that came from a registry of the catalog: the tag's host is the
 * registry's, and the engine recorded a repo digest for that repository (a tag given locally, never
 * pulled, has none and is not compared).
 */
export function registryTagsOf(images: readonly EngineImageRow[], registries: readonly Registry[]): RegistryTag[] {
  const byHost = new Map<string, Registry>();
  for (const r of registries) {
    try {
      byHost.set(normalizeRegistryUrl(r.url).referenceHost, r);
    } catch {
      // a row with an address this build no longer reads: nothing of it to compare
    }
  }
  const out: RegistryTag[] = [];
  for (const image of images) {
    for (const tag of image.aliases) {
      let ref: ReturnType<typeof splitImageReference>;
      try {
        ref = splitImageReference(tag);
      } catch {
        continue; // `busybox:latest` and the like: not a registry reference
      }
      const registry = byHost.get(ref.host);
      if (!registry || !image.repoDigests.some((d) => d.startsWith(`${ref.host}/${ref.repository}@`))) continue;
      out.push({ image, tag, registry, repository: ref.repository, reference: ref.tag });
    }
  }
  return out;
}

/**
 * One HEAD per tag (never a GET: a check must not spend Docker Hub pulls). A tag is outdated when the
 * digest the registry serves for it is not among the image's repo digests. A registry that answers 429
 * is asked nothing more in this check: its remaining tags are reported, not requested, and the registry
 * is named in `rateLimited` with its Retry-After.
 */
export async function checkRegistryTags(
  tags: readonly RegistryTag[],
  credentialsFor: CredentialsFor | undefined,
  opts: { signal?: AbortSignal; onProgress?: CheckProgress; done?: number; total?: number } = {},
): Promise<{ verdicts: ImageVerdict[]; errors: ImageCheckError[]; rateLimited: RateLimitedRegistry[] }> {
  const clients = new Map<string, RegistryClient>();
  const limited = new Map<string, { refusal: Omit<RateLimitedRegistry, 'notChecked'>; notChecked: number }>();
  const verdicts: ImageVerdict[] = [];
  const errors: ImageCheckError[] = [];
  let done = opts.done ?? 0;
  try {
    for (const t of tags) {
      if (opts.signal?.aborted) throw new EngineError('cancelled', 'Cancelled.');
      const host = normalizeRegistryUrl(t.registry.url).referenceHost;
      const source = `${host}/${t.repository}:${t.reference}`;
      const stop = limited.get(t.registry.id);
      if (stop) {
        stop.notChecked++;
        errors.push({ image: t.tag, message: `not asked: ${host} answered 429 (rate limited) earlier in this check` });
      } else {
        try {
          let client = clients.get(t.registry.id);
          if (!client) {
            client = new RegistryClient({
              endpoint: normalizeRegistryUrl(t.registry.url),
              insecure: t.registry.insecure,
              caFile: t.registry.caFile ?? undefined,
              credentials: await credentialsFor?.(t.registry),
            });
            clients.set(t.registry.id, client);
          }
          const digest = await client.headDigest(t.repository, t.reference, opts.signal);
          if (!digest) {
            errors.push({ image: t.tag, message: `${host} sent no digest for a HEAD of ${t.repository}:${t.reference}; not checked (a GET would count as a pull)` });
          } else {
            const outdated = !t.image.repoDigests.includes(`${host}/${t.repository}@${digest}`);
            verdicts.push({ id: t.image.id, fingerprint: t.image.fingerprint, name: t.tag, source, outdated, latest: digest });
          }
        } catch (e) {
          if (opts.signal?.aborted) throw new EngineError('cancelled', 'Cancelled.');
          if (isRegistryError(e) && e.kind === 'rateLimited') {
            limited.set(t.registry.id, { refusal: { registry: host, message: e.message, retryAfterSeconds: e.retryAfterSeconds }, notChecked: 1 });
          }
          errors.push({ image: t.tag, message: (e as Error).message });
        }
      }
      opts.onProgress?.(++done, opts.total ?? tags.length);
    }
  } finally {
    for (const c of clients.values()) c.close();
  }
  return { verdicts, errors, rateLimited: [...limited.values()].map((l) => ({ ...l.refusal, notChecked: l.notChecked })) };
}
