import { createHash } from 'node:crypto';
import { isIndexMediaType, MANIFEST_ACCEPT } from './mediaTypes';
import { nextLinkFromHeaders } from './linkHeader';
import { PageWalk } from './pageWalk';
import { RegistryError } from './registryError';
import { errorFromNetwork, errorFromResponse, type RequestContext } from './registryErrors';
import { RegistryTransport, type AuthScheme, type SendResult, type TransportOptions } from './registryTransport';
import { validateReference, validateRepositoryName } from './repositoryName';

export type RegistryClientOptions = TransportOptions;

export interface PingResult {
  /** The scheme the registry asked for; 'none' when /v2/ answers without auth. */
  readonly auth: AuthScheme;
  /** True when the credentials were actually checked by the registry or its token service. */
  readonly credentialsVerified: boolean;
}

/** One page of a listing. `next` is an opaque cursor for the following page (undefined on the last). */
export interface Page<T> {
  readonly items: T[];
  readonly next?: string;
  /** This page's own address in cursor form, so a walk can tell a link back to a page already read. */
  readonly self: string;
}

export interface ListOptions {
  /** Page size asked of the registry (`n=`); registries may cap or ignore it. */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

export interface ManifestInfo {
  readonly digest: string;
  readonly mediaType: string;
  readonly raw: Buffer;
  readonly json: ManifestJson;
}

export interface ManifestJson {
  readonly mediaType?: string;
  readonly schemaVersion?: number;
  readonly config?: { readonly digest: string; readonly size?: number; readonly mediaType?: string };
  readonly layers?: readonly { readonly digest: string; readonly size?: number }[];
  readonly manifests?: readonly { readonly digest: string; readonly mediaType?: string; readonly size?: number; readonly platform?: { readonly os?: string; readonly architecture?: string; readonly variant?: string } }[];
}

export interface TagDetails {
  readonly tag: string;
  readonly digest: string;
  readonly mediaType: string;
  /** Image creation time from the config blob, when the registry has one (indexes: of the first linux/amd64 or first image). */
  readonly created?: Date;
  /** Compressed size of config + layers (of the chosen image for an index). */
  readonly size?: number;
  /** `os/arch[/variant]` for each image of an index; one entry for a single image when known. */
  readonly platforms: string[];
}

/**
 * Client for the OCI distribution API v2 of one registry. All listings are lazy: pages are fetched one
 * at a time as the caller iterates, following `Link: <…>; rel="next"`.
 */
export class RegistryClient {
  private readonly transport: RegistryTransport;

  constructor(options: RegistryClientOptions) {
    this.transport = new RegistryTransport(options);
  }

  get registry(): string {
    return this.transport.endpoint.key;
  }

  /** GET /v2/: is this a registry, which auth does it want, and are the credentials accepted? */
  async ping(signal?: AbortSignal): Promise<PingResult> {
    const ctx: RequestContext = { operation: 'ping', registry: this.registry, username: this.username };
    const result = await this.transport.send('GET', this.transport.url('/v2/'), '', ctx, signal);
    this.expectOk(result, ctx);
    const auth = this.transport.authScheme ?? 'none';
    return { auth, credentialsVerified: auth !== 'none' && result.withCredentials };
  }

  /** One page of `_catalog`. Throws kind `catalogNotAllowed` when the registry refuses to list. */
  async catalogPage(cursor: string | undefined, options: ListOptions = {}): Promise<Page<string>> {
    const ctx: RequestContext = { operation: 'catalog', registry: this.registry, username: this.username };
    const url = this.pageUrl(cursor, '/v2/_catalog', options.pageSize);
    const result = await this.transport.send('GET', url, 'registry:catalog:*', ctx, options.signal);
    this.expectOk(result, ctx);
    const body = this.json<{ repositories?: unknown }>(result, ctx);
    const items = Array.isArray(body.repositories) ? body.repositories.filter((r): r is string => typeof r === 'string') : [];
    return { items, next: this.nextCursor(result), self: cursorOf(url) };
  }

  /** All repositories, page by page as the caller iterates; a registry that pages forever is stopped (PageWalk). */
  async *repositories(options: ListOptions = {}): AsyncGenerator<string> {
    const walk = new PageWalk(this.registry, 'repositories');
    let cursor: string | undefined;
    do {
      const page = await this.catalogPage(cursor, options);
      yield* page.items;
      cursor = walk.after(page);
    } while (cursor);
  }

  /** One page of `tags/list`. A repository whose tags were all deleted answers `"tags": null`: an empty page. */
  async tagsPage(repository: string, cursor: string | undefined, options: ListOptions = {}): Promise<Page<string>> {
    const repo = this.apiRepository(repository);
    const ctx: RequestContext = { operation: 'tags', registry: this.registry, repository, username: this.username };
    const url = this.pageUrl(cursor, `/v2/${repo}/tags/list`, options.pageSize);
    const result = await this.transport.send('GET', url, `repository:${repo}:pull`, ctx, options.signal);
    this.expectOk(result, ctx);
    const body = this.json<{ tags?: unknown }>(result, ctx);
    const items = Array.isArray(body.tags) ? body.tags.filter((t): t is string => typeof t === 'string') : [];
    return { items, next: this.nextCursor(result), self: cursorOf(url) };
  }

  async *tags(repository: string, options: ListOptions = {}): AsyncGenerator<string> {
    const walk = new PageWalk(this.registry, `tags of ${repository}`);
    let cursor: string | undefined;
    do {
      const page = await this.tagsPage(repository, cursor, options);
      yield* page.items;
      cursor = walk.after(page);
    } while (cursor);
  }

  /**
   * The digest of a tag via HEAD (does not count against Docker Hub's pull limit), with the full Accept
   * list so the digest is the one `docker pull`/skopeo report. Falls back to GET when no digest header.
   */
  async manifestDigest(repository: string, reference: string, signal?: AbortSignal): Promise<string> {
    const digest = await this.headDigest(repository, reference, signal);
    if (digest) return digest;
    return (await this.manifest(repository, reference, signal)).digest;
  }

  /**
   * The digest of a tag from one HEAD request and nothing else (undefined when the registry sends no
   * `Docker-Content-Digest`): for checks that must not spend a rate-limited GET.
   */
  async headDigest(repository: string, reference: string, signal?: AbortSignal): Promise<string | undefined> {
    const { repo, ctx } = this.manifestCtx(repository, reference);
    const result = await this.transport.send('HEAD', this.transport.url(`/v2/${repo}/manifests/${encodeURIComponent(reference)}`), `repository:${repo}:pull`, ctx, signal, MANIFEST_ACCEPT);
    this.expectOk(result, ctx);
    return result.res.headers['docker-content-digest']?.[0];
  }

  async manifest(repository: string, reference: string, signal?: AbortSignal): Promise<ManifestInfo> {
    const { repo, ctx } = this.manifestCtx(repository, reference);
    const result = await this.transport.send('GET', this.transport.url(`/v2/${repo}/manifests/${encodeURIComponent(reference)}`), `repository:${repo}:pull`, ctx, signal, MANIFEST_ACCEPT);
    this.expectOk(result, ctx);
    const computed = `sha256:${createHash('sha256').update(result.res.body).digest('hex')}`;
    if (reference.startsWith('sha256:') && computed !== reference) {
      throw new RegistryError('protocol', `${this.registry} returned a manifest for ${repository}@${reference} whose content does not match that digest.`);
    }
    const json = this.json<ManifestJson>(result, ctx);
    const headerType = result.res.headers['content-type']?.[0]?.split(';')[0].trim();
    return {
      digest: result.res.headers['docker-content-digest']?.[0] ?? computed,
      mediaType: json.mediaType ?? headerType ?? '',
      raw: result.res.body,
      json,
    };
  }

  /** Digest, media type, platforms, and (from the config blob) creation time and size of one tag. */
  async tagDetails(repository: string, tag: string, signal?: AbortSignal): Promise<TagDetails> {
    const top = await this.manifest(repository, tag, signal);
    let image = top;
    let platforms: string[] = [];
    if (isIndexMediaType(top.mediaType)) {
      const entries = imageEntries(top);
      platforms = entries.map((m) => [m.platform?.os, m.platform?.architecture, m.platform?.variant].filter(Boolean).join('/')).filter(Boolean);
      const chosen = chooseImage(entries);
      if (!chosen) return { tag, digest: top.digest, mediaType: top.mediaType, platforms };
      image = await this.manifest(repository, chosen.digest, signal);
    }
    let created: Date | undefined;
    const configDigest = image.json.config?.digest;
    if (configDigest) {
      const config = await this.blobJson<{ created?: unknown; os?: unknown; architecture?: unknown; variant?: unknown }>(repository, configDigest, signal);
      if (typeof config.created === 'string' && !Number.isNaN(Date.parse(config.created))) created = new Date(config.created);
      if (!platforms.length && typeof config.os === 'string' && typeof config.architecture === 'string') {
        platforms = [[config.os, config.architecture, typeof config.variant === 'string' ? config.variant : ''].filter(Boolean).join('/')];
      }
    }
    const size = (image.json.config?.size ?? 0) + (image.json.layers ?? []).reduce((sum, l) => sum + (l.size ?? 0), 0);
    return { tag, digest: top.digest, mediaType: top.mediaType, created, size: size || undefined, platforms };
  }

  /** The manifest of one image: for an index, its linux/amd64 image (else the first), as tagDetails picks. */
  async imageManifest(repository: string, reference: string, signal?: AbortSignal): Promise<ManifestInfo> {
    const top = await this.manifest(repository, reference, signal);
    if (!isIndexMediaType(top.mediaType)) return top;
    const chosen = chooseImage(imageEntries(top));
    if (!chosen) throw new RegistryError('protocol', `${this.registry} lists no image in the index of ${repository}:${reference}.`);
    return this.manifest(repository, chosen.digest, signal);
  }

  /**
   * A blob's body as it arrives (a layer may be gigabytes: never buffered), after auth and redirects.
   * The caller verifies the content against `digest`; this only checks the registry said yes.
   */
  async openBlob(repository: string, digest: string, limits: { timeoutMs: number; idleTimeoutMs: number }, signal?: AbortSignal): Promise<BlobStream> {
    const repo = this.apiRepository(repository);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new RegistryError('protocol', `${this.registry} names a layer "${digest}" that is not a sha256 digest.`);
    const ctx: RequestContext = { operation: 'blob', registry: this.registry, repository, reference: digest, username: this.username };
    const { stream, url } = await this.transport.openStream(this.transport.url(`/v2/${repo}/blobs/${digest}`), `repository:${repo}:pull`, ctx, limits, signal);
    if (stream.status !== 200) {
      try {
        const body = await stream.head().catch(() => Buffer.alloc(0));
        throw errorFromResponse({ status: stream.status, headers: stream.headers, body }, ctx);
      } finally {
        stream.close();
      }
    }
    const length = Number(stream.headers['content-length']?.[0]);
    const network = (err: unknown): Error => errorFromNetwork(err, { ...ctx, url, usingCaFile: false });
    return {
      size: Number.isSafeInteger(length) && length >= 0 ? length : null,
      async *chunks() {
        try {
          yield* stream.chunks();
        } catch (err) {
          throw network(err);
        }
      },
      close: () => stream.close(),
    };
  }

  close(): void {
    this.transport.close();
  }

  private get username(): string | undefined {
    return this.transport.username;
  }

  private async blobJson<T>(repository: string, digest: string, signal?: AbortSignal): Promise<T> {
    const repo = this.apiRepository(repository);
    const ctx: RequestContext = { operation: 'blob', registry: this.registry, repository, reference: digest, username: this.username };
    const result = await this.transport.sendFollowing(this.transport.url(`/v2/${repo}/blobs/${digest}`), `repository:${repo}:pull`, ctx, signal);
    this.expectOk(result, ctx);
    return this.json<T>(result, ctx);
  }

  private manifestCtx(repository: string, reference: string): { repo: string; ctx: RequestContext } {
    const problem = validateReference(reference);
    if (problem) throw new RegistryError('badUrl', problem);
    const repo = this.apiRepository(repository);
    return { repo, ctx: { operation: 'manifest', registry: this.registry, repository, reference, username: this.username } };
  }

  /** Validates the name; Docker Hub keeps official images under `library/`. */
  private apiRepository(repository: string): string {
    const problem = validateRepositoryName(repository);
    if (problem) throw new RegistryError('badUrl', problem);
    return this.transport.endpoint.dockerHub && !repository.includes('/') ? `library/${repository}` : repository;
  }

  private pageUrl(cursor: string | undefined, path: string, pageSize: number | undefined): URL {
    if (cursor) {
      const url = this.transport.url(cursor);
      if (!this.transport.sameOrigin(url)) throw new RegistryError('protocol', `${this.registry} sent a next-page link to another host (${url.host}); not following it with your credentials.`);
      return url;
    }
    const url = this.transport.url(path);
    if (pageSize) url.searchParams.set('n', String(pageSize));
    return url;
  }

  private nextCursor(result: SendResult): string | undefined {
    const next = nextLinkFromHeaders(result.res.headers.link, result.url);
    if (!next) return undefined;
    return this.transport.sameOrigin(next) ? cursorOf(next) : next.toString();
  }

  private expectOk(result: SendResult, ctx: RequestContext): void {
    const s = result.res.status;
    if (s >= 200 && s < 300) return;
    throw errorFromResponse(result.res, { ...ctx, withCredentials: result.withCredentials }, result.insufficientScope);
  }

  private json<T>(result: SendResult, ctx: RequestContext): T {
    try {
      return JSON.parse(result.res.body.toString('utf8')) as T;
    } catch {
      throw new RegistryError('protocol', `${ctx.registry} answered ${result.url.pathname} with something that is not JSON.`);
    }
  }
}

/** One blob's body, streamed. */
export interface BlobStream {
  /** Content-Length, when the registry (or the storage it redirected to) gave one. */
  readonly size: number | null;
  chunks(): AsyncGenerator<Buffer>;
  close(): void;
}

type IndexEntry = NonNullable<ManifestJson['manifests']>[number];

/** An index's images, without the attestation entries (`unknown/unknown`) buildx adds. */
function imageEntries(index: ManifestInfo): IndexEntry[] {
  return (index.json.manifests ?? []).filter((m) => m.platform?.os !== 'unknown');
}

function chooseImage(entries: IndexEntry[]): IndexEntry | undefined {
  return entries.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64') ?? entries[0];
}

/** A same-origin page address as a cursor: path and query. */
function cursorOf(url: URL): string {
  return `${url.pathname}${url.search}`;
}
