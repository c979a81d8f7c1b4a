import type { Catalog } from '../store/catalog';
import { ImageSource } from '../entities/ImageSource';
import { Registry } from '../entities/Registry';
import { RegistryClient } from '../registries/registryClient';
import type { RegistryCredentials } from '../registries/registryTransport';
import { normalizeRegistryUrl } from '../registries/registryUrl';
import { validateReference, validateRepositoryName } from '../registries/repositoryName';
import { reconcileLocalImages, upsertSources } from './applyCatalog';
import { checkDigest } from './catalogNames';
import { ImageCancelledError, ImageCatalogError } from './imageCatalogError';
import { ImageType, type SourceRow } from './imageKinds';

// Registry images (Type Docker): a `repo:tag` on a registry of the catalog. Digest = the manifest
// digest from a HEAD request (HEAD does not count against Docker Hub's 100 pulls / 6 h); Size = the
// sum of config and layer sizes of the manifest (the linux/amd64 image of an index). The registry is
// remembered in Tags (`<tag>,@<registry>/<repo>`) and the Url is `docker://<host>/<repo>:<tag>`.

export type CredentialsFor = (registry: Registry) => Promise<RegistryCredentials | undefined>;

export interface RegistryImageInput {
  /** Registry.id of a registry in the catalog. */
  registryId: string;
  repository: string;
  tag: string;
}

function clientFor(registry: Registry, credentials: RegistryCredentials | undefined): RegistryClient {
  return new RegistryClient({
    endpoint: normalizeRegistryUrl(registry.url),
    insecure: registry.insecure,
    caFile: registry.caFile ?? undefined,
    credentials,
  });
}

const hexOf = (where: string, digest: string): string => {
  const m = /^sha256:(.+)$/.exec(digest);
  if (!m) throw new ImageCatalogError(where, `the registry sent digest "${digest}", not sha256`);
  return checkDigest(where, 'SHA256', m[1]);
};

const dockerUrl = (registry: Registry, repository: string, tag: string): string =>
  `docker://${normalizeRegistryUrl(registry.url).referenceHost}/${repository}:${tag}`;

/** Parses the `docker://host/repo:tag` Url of a Docker row back into repository and tag. */
export function parseDockerUrl(url: string): { host: string; repository: string; tag: string } | null {
  const m = /^docker:\/\/([^/]+)\/(.+):([^:/]+)$/.exec(url);
  return m ? { host: m[1], repository: m[2], tag: m[3] } : null;
}

/** Adds (or refreshes) one registry image; returns its ImageSource Id. */
export async function addRegistryImage(
  catalog: Catalog,
  input: RegistryImageInput,
  credentialsFor?: CredentialsFor,
  signal?: AbortSignal,
): Promise<string> {
  const problem = validateRepositoryName(input.repository) ?? validateReference(input.tag);
  if (problem) throw new ImageCatalogError(`${input.repository}:${input.tag}`, problem);
  if (input.tag.startsWith('sha256:')) throw new ImageCatalogError(input.tag, 'give a tag, not a digest');
  const registry = await catalog.read((em) => em.findOne(Registry, { where: { id: input.registryId } }));
  if (!registry) throw new ImageCatalogError(`registry ${input.registryId}`, 'is not in the catalog');
  const client = clientFor(registry, await credentialsFor?.(registry));
  let row: SourceRow;
  try {
    const url = dockerUrl(registry, input.repository, input.tag);
    const digest = hexOf(url, await client.manifestDigest(input.repository, input.tag, signal));
    const details = await client.tagDetails(input.repository, input.tag, signal);
    const platform = details.platforms.find((p) => p.startsWith('linux/amd64')) ?? details.platforms[0];
    row = {
      type: ImageType.Docker,
      name: `${input.repository}:${input.tag}`,
      distribution: input.repository.split('/').at(-1)!,
      release: input.tag,
      tags: `${input.tag},@${registry.url}/${input.repository}`,
      configured: 'FALSE',
      url,
      username: null,
      uid: null,
      localFilename: null,
      digestSource: 'docker',
      digestAlgorithm: 'SHA256',
      digestUrl: null,
      digest,
      size: details.size ?? null,
      arch: platform?.split('/')[1] ?? null,
      fingerprint: null,
    };
  } finally {
    client.close();
  }
  return catalog.write(async (em) => {
    await upsertSources(em, [row], () => `docker:${registry.id}`);
    await reconcileLocalImages(em, ImageType.Docker);
    return (await em.findOneOrFail(ImageSource, {
      where: { type: row.type, distribution: row.distribution, tags: row.tags, configured: row.configured },
    })).id;
  });
}

export interface OutdatedCheck {
  checked: number;
  /** Sources whose tag now points at another digest. */
  changed: string[];
  /** Local images that became Outdated. */
  outdated: number;
  /** Per-source failures (the others are still applied). */
  errors: { sourceId: string; name: string; message: string }[];
}

/**
 * "Check for outdated": one HEAD per registry image (never a GET, so it costs no Docker Hub pulls),
 * cancellable between and during requests. New digests are written in one transaction, and local
 * images recorded with another digest become Outdated. A failing source is reported and skipped;
 * a cancel writes nothing.
 */
export async function checkRegistryImages(
  catalog: Catalog,
  credentialsFor?: CredentialsFor,
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<OutdatedCheck> {
  const { sources, registries } = await catalog.read(async (em) => ({
    sources: await em.find(ImageSource, { where: { type: ImageType.Docker }, order: { name: 'ASC' } }),
    registries: await em.find(Registry),
  }));
  const clients = new Map<string, RegistryClient>();
  const updates: { id: string; digest: string }[] = [];
  const errors: OutdatedCheck['errors'] = [];
  try {
    let done = 0;
    for (const s of sources) {
      if (opts.signal?.aborted) throw new ImageCancelledError('check for outdated images');
      const ref = s.url ? parseDockerUrl(s.url) : null;
      const registry = ref ? registries.find((r) => s.tags.endsWith(`,@${r.url}/${ref.repository}`)) : undefined;
      if (!ref || !registry) {
        errors.push({ sourceId: s.id, name: s.name ?? s.id, message: 'its registry is no longer in the catalog' });
        continue;
      }
      let client = clients.get(registry.id);
      if (!client) {
        client = clientFor(registry, await credentialsFor?.(registry));
        clients.set(registry.id, client);
      }
      try {
        const digest = hexOf(s.url!, await client.manifestDigest(ref.repository, ref.tag, opts.signal));
        if (digest !== s.digest) updates.push({ id: s.id, digest });
      } catch (e) {
        if (opts.signal?.aborted) throw new ImageCancelledError('check for outdated images');
        errors.push({ sourceId: s.id, name: s.name ?? s.id, message: (e as Error).message });
      }
      opts.onProgress?.(++done, sources.length);
    }
  } finally {
    for (const c of clients.values()) c.close();
  }
  const outdated = await catalog.write(async (em) => {
    for (const u of updates) await em.update(ImageSource, { id: u.id }, { digest: u.digest });
    return reconcileLocalImages(em, ImageType.Docker);
  });
  return { checked: sources.length, changed: updates.map((u) => u.id), outdated, errors };
}
