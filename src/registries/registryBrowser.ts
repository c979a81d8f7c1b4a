import { v7 } from 'uuid';
import { Registry } from '../entities/Registry';
import { RegistryRepository } from '../entities/RegistryRepository';
import type { Logger } from '../shared/logger';
import type { Catalog } from '../store/catalog';
import { getRegistry } from './findRegistry';
import { RegistryClient, type ListOptions, type Page, type PingResult, type TagDetails } from './registryClient';
import { isRegistryError, RegistryError } from './registryError';
import type { RegistrySecrets } from './registrySecrets';
import type { RegistryCredentials } from './registryTransport';
import { normalizeRegistryUrl } from './registryUrl';
import { registryWriteHint } from './registryWriteHint';
import { validateRepositoryName } from './repositoryName';
import { readStoredListing, storeListing, type StoredItem, type StoredListing } from './storedListings';

export interface RegistryBrowserDeps {
  readonly catalog: () => Promise<Catalog>;
  readonly secrets: RegistrySecrets;
  readonly log: Logger;
  /** Per request; default 20 s. */
  readonly timeoutMs?: number;
}

/**
 * What a registry holds: its repositories (listed by the registry or tracked by hand), tags and
 * manifests, read through registry clients cached per registry (their tokens are reused).
 */
export class RegistryBrowser {
  private readonly clients = new Map<string, RegistryClient>();

  constructor(private readonly deps: RegistryBrowserDeps) {}

  async repositoriesPage(idOrUrl: string, cursor: string | undefined, options: ListOptions = {}): Promise<Page<string>> {
    return this.withClient(idOrUrl, (c) => c.catalogPage(cursor, options));
  }

  async tagsPage(idOrUrl: string, repository: string, cursor: string | undefined, options: ListOptions = {}): Promise<Page<string>> {
    return this.withClient(idOrUrl, (c) => c.tagsPage(repository, cursor, options));
  }

  async tagDetails(idOrUrl: string, repository: string, tag: string, signal?: AbortSignal): Promise<TagDetails> {
    return this.withClient(idOrUrl, (c) => c.tagDetails(repository, tag, signal));
  }

  async manifestDigest(idOrUrl: string, repository: string, reference: string, signal?: AbortSignal): Promise<string> {
    return this.withClient(idOrUrl, (c) => c.manifestDigest(repository, reference, signal));
  }

  /** What the Registries view last read of a registry's repositories (scope '') or a repository's tags. */
  async storedListing(idOrUrl: string, scope: string): Promise<StoredListing | undefined> {
    const catalog = await this.deps.catalog();
    return readStoredListing(catalog, (await getRegistry(catalog, idOrUrl)).id, scope);
  }

  /** Keeps what was just read (a further page with `append`), so it is shown at once next time and offline. */
  async storeListing(idOrUrl: string, scope: string, page: { items: readonly StoredItem[]; next?: string }, append = false): Promise<boolean> {
    const catalog = await this.deps.catalog();
    return storeListing(catalog, (await getRegistry(catalog, idOrUrl)).id, scope, page, append);
  }

  /** Repositories tracked by hand, sorted by name. */
  async trackedRepositories(idOrUrl: string): Promise<string[]> {
    const catalog = await this.deps.catalog();
    const registry = await getRegistry(catalog, idOrUrl);
    const rows = await catalog.read((em) => em.find(RegistryRepository, { where: { registryId: registry.id }, order: { name: 'ASC' } }));
    return rows.map((r) => r.name);
  }

  async track(idOrUrl: string, repository: string): Promise<RegistryRepository> {
    const catalog = await this.deps.catalog();
    const registry = await getRegistry(catalog, idOrUrl);
    const name = repository.trim().replace(new RegExp(`^${escapeRegExp(normalizeRegistryUrl(registry.url).referenceHost)}/`), '');
    const problem = validateRepositoryName(name);
    if (problem) throw new RegistryError('invalid', problem);
    return catalog.write(async (em) => {
      if (await em.findOneBy(RegistryRepository, { registryId: registry.id, name })) {
        throw new RegistryError('duplicate', `${name} is already tracked on ${registry.name}.`);
      }
      const row = em.create(RegistryRepository, { id: v7(), registryId: registry.id, name });
      await em.insert(RegistryRepository, row);
      return em.findOneByOrFail(RegistryRepository, { id: row.id });
    }, registryWriteHint(registry.id, 'listing'));
  }

  async untrack(idOrUrl: string, repository: string): Promise<void> {
    const catalog = await this.deps.catalog();
    const registry = await getRegistry(catalog, idOrUrl);
    const removed = await catalog.write((em) => em.delete(RegistryRepository, { registryId: registry.id, name: repository.trim() }), registryWriteHint(registry.id, 'listing'));
    if (!removed.affected) throw new RegistryError('invalid', `${repository} is not tracked on ${registry.name}.`);
  }

  /** A client for browsing: with the saved login, cached per registry (its tokens are reused). */
  async client(idOrUrl: string): Promise<{ registry: Registry; client: RegistryClient }> {
    const registry = await getRegistry(await this.deps.catalog(), idOrUrl);
    let client = this.clients.get(registry.id);
    if (!client) {
      client = this.newClient(registry, await this.deps.secrets.saved(registry));
      this.clients.set(registry.id, client);
    }
    return { registry, client };
  }

  /** A throwaway client for a registry that may not be in the catalog (the CLI, imports). */
  newClient(registry: Pick<Registry, 'url' | 'insecure' | 'caFile'>, credentials?: RegistryCredentials): RegistryClient {
    return new RegistryClient({
      endpoint: normalizeRegistryUrl(registry.url),
      credentials,
      insecure: registry.insecure,
      caFile: registry.caFile ?? undefined,
      timeoutMs: this.deps.timeoutMs,
      logger: this.deps.log,
    });
  }

  /** Pings /v2/ with these settings and credentials through a throwaway client. */
  async probe(registry: Pick<Registry, 'url' | 'insecure' | 'caFile'>, credentials: RegistryCredentials | undefined, signal?: AbortSignal): Promise<PingResult> {
    const client = this.newClient(registry, credentials);
    try {
      return await client.ping(signal);
    } finally {
      client.close();
    }
  }

  /** Drops the cached client of a registry whose settings or login changed. */
  forget(id: string): void {
    this.clients.get(id)?.close();
    this.clients.delete(id);
  }

  dispose(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  /** Runs a browse call; a rejected saved login is recorded, so the tree shows the login is stale and why. */
  private async withClient<T>(idOrUrl: string, fn: (client: RegistryClient) => Promise<T>): Promise<T> {
    const catalog = await this.deps.catalog();
    const registry = await getRegistry(catalog, idOrUrl);
    try {
      const { client } = await this.client(registry.id);
      return await fn(client);
    } catch (e) {
      // Written only when it changes: every catalog write redraws that registry in the views.
      if (registry.loggedIn && isRegistryError(e, 'unauthorized') && registry.lastError !== e.message) {
        await catalog.write((em) => em.update(Registry, { id: registry.id }, { lastError: e.message }), registryWriteHint(registry.id, 'row'));
        this.forget(registry.id);
      }
      throw e;
    }
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
