import { Registry } from '../entities/Registry';
import { RegistryClient, type BlobStream } from '../registries/registryClient';
import { RegistryError } from '../registries/registryError';
import { normalizeRegistryUrl } from '../registries/registryUrl';
import type { Catalog } from '../store/catalog';
import { checkDigest } from './catalogNames';
import { DOWNLOAD_LIMITS, type HttpLimits } from './httpFetch';
import { ImageCancelledError, ImageCatalogError } from './imageCatalogError';
import type { CredentialsFor } from './registryImages';

// Wsl-Manager ships its builtin root file systems as single-layer OCI images (`FROM scratch`, one ADD):
// `docker://ghcr.io/<owner>/<repo>/<name>#<tag>` with DigestSource `docker`. The file is that one
// layer's blob (a gzip tarball), and its digest is the layer digest the manifest names. The registry is
// asked as any other (src/registries): anonymous or Bearer as it answers, and with the catalog's row
// for that host (its login, CA file, insecure flag) when the catalog has one.

export interface DockerRootfsRef {
  readonly host: string;
  readonly repository: string;
  readonly tag: string;
}

const DOCKER_ROOTFS_URL = /^docker:\/\/([^/#]+)\/([^#:]+(?:\/[^#:]+)*)(?:[#:]([A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?$/;

/** `docker://host/repository#tag` (as catalogs store it) or `…:tag`; the tag defaults to latest. */
export function parseDockerRootfsUrl(url: string): DockerRootfsRef | null {
  const m = DOCKER_ROOTFS_URL.exec(url);
  return m ? { host: m[1], repository: m[2], tag: m[3] ?? 'latest' } : null;
}

/** The one layer of a rootfs image, and an open client to fetch it with. */
export interface DockerRootfsLayer {
  /** The layer's sha256, lowercase hex. */
  readonly digest: string;
  readonly size: number | null;
  /** Streams the layer's blob; the caller verifies it against `digest`. */
  open(limits?: Partial<HttpLimits>): Promise<BlobStream>;
  close(): void;
}

/**
 * Reads the manifest behind `url` (an index gives its linux/amd64 image) and returns its single layer.
 * An image with more or fewer layers is refused: it is not a root file system published for WSL, and
 * the layers would have to be merged. When `expected` (the catalog's digest) is given, the registry's
 * layer must be that one, before a byte of it is fetched.
 */
export async function resolveDockerRootfs(
  catalog: Catalog,
  url: string,
  expected: string | null,
  credentialsFor?: CredentialsFor,
  signal?: AbortSignal,
): Promise<DockerRootfsLayer> {
  const ref = parseDockerRootfsUrl(url);
  if (!ref) throw new ImageCatalogError(url, 'is not a docker://host/repository#tag URL');
  let endpoint;
  try {
    endpoint = normalizeRegistryUrl(ref.host);
  } catch (e) {
    throw new ImageCatalogError(url, (e as Error).message);
  }
  const registries = await catalog.read((em) => em.find(Registry));
  const known = registries.find((r) => {
    try {
      return normalizeRegistryUrl(r.url).referenceHost === endpoint.referenceHost;
    } catch {
      return false;
    }
  });
  const client = new RegistryClient({
    endpoint: known ? normalizeRegistryUrl(known.url) : endpoint,
    insecure: known?.insecure ?? false,
    caFile: known?.caFile ?? undefined,
    credentials: known ? await credentialsFor?.(known) : undefined,
  });
  try {
    const manifest = await client.imageManifest(ref.repository, ref.tag, signal);
    const layers = manifest.json.layers ?? [];
    if (layers.length !== 1) {
      throw new ImageCatalogError(url, `the image has ${layers.length} layers; a root file system is published as an image of exactly one layer`);
    }
    const m = /^sha256:(.*)$/.exec(layers[0].digest ?? '');
    if (!m) throw new ImageCatalogError(url, `the registry names the layer "${layers[0].digest}", not a sha256 digest`);
    const digest = checkDigest(url, 'SHA256', m[1]);
    if (expected !== null && expected.toLowerCase() !== digest) {
      throw new ImageCatalogError(url, `the registry's layer is sha256 ${digest}, not the catalog's ${expected.toLowerCase()}; nothing was downloaded`);
    }
    const size = typeof layers[0].size === 'number' && Number.isSafeInteger(layers[0].size) ? layers[0].size : null;
    return {
      digest,
      size,
      open: async (limits = {}) => {
        const l = { ...DOWNLOAD_LIMITS, ...limits };
        try {
          return await client.openBlob(ref.repository, `sha256:${digest}`, { timeoutMs: l.totalMs, idleTimeoutMs: l.idleMs }, signal);
        } catch (e) {
          throw asImageError(url, e, signal);
        }
      },
      close: () => client.close(),
    };
  } catch (e) {
    client.close();
    throw asImageError(url, e, signal);
  }
}

/** Registry failures keep their sentence, named by the image's URL; a cancel is a cancel. */
export function asImageError(url: string, e: unknown, signal?: AbortSignal): Error {
  if (signal?.aborted || (e instanceof RegistryError && e.kind === 'cancelled')) return new ImageCancelledError(url);
  if (e instanceof RegistryError) return new ImageCatalogError(url, e.message);
  return e as Error;
}
