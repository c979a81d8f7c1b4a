import { Registry } from '../entities/Registry';
import type { Logger } from '../shared/logger';
import type { SecretStore } from '../shared/secrets';
import type { Catalog } from '../store/catalog';
import { findRegistry } from './findRegistry';
import { RegistryError } from './registryError';
import type { RegistryCredentials } from './registryTransport';

/**
 * Ids of the registries that have a secret in SecretStorage (ids only, nothing secret). SecretStorage
 * cannot be listed, so this is how a secret whose registry was removed while no window watched
 * (by the CLI, say) is found and deleted.
 */
export interface SecretIndex {
  get(): readonly string[];
  set(ids: readonly string[]): PromiseLike<void>;
}

export interface RegistrySecretsDeps {
  readonly catalog: () => Promise<Catalog>;
  readonly secrets: SecretStore;
  readonly log: Logger;
  readonly secretIndex?: SecretIndex;
}

/** SecretStorage key of a registry's password or token: keyed by the registry id, never by URL. */
export function registrySecretKey(id: string): string {
  return `containerCatalog.registry.${id}.password`;
}

/**
 * The registries' passwords and tokens: only in the SecretStore, keyed by registry id, with the index of
 * which ids have one, so no password outlives its registry.
 */
export class RegistrySecrets {
  constructor(private readonly deps: RegistrySecretsDeps) {}

  async store(id: string, secret: string): Promise<void> {
    await this.deps.secrets.store(registrySecretKey(id), secret);
    const index = this.deps.secretIndex;
    if (index && !index.get().includes(id)) await index.set([...index.get(), id]);
  }

  async delete(id: string): Promise<void> {
    await this.deps.secrets.delete(registrySecretKey(id));
    const index = this.deps.secretIndex;
    if (index?.get().includes(id)) await index.set(index.get().filter((x) => x !== id));
  }

  /** The saved login of a logged-in registry; undefined when it browses anonymously. */
  async saved(registry: Registry): Promise<RegistryCredentials | undefined> {
    if (!registry.loggedIn) return undefined;
    const password = await this.deps.secrets.get(registrySecretKey(registry.id));
    if (password === undefined || !registry.username) {
      throw new RegistryError('unauthorized', `The saved login for ${registry.name} is incomplete (no password in the keychain); log in again.`);
    }
    return { username: registry.username, password };
  }

  /**
   * Deletes the secret of a registry that is no longer in the catalog (removed by the CLI or another
   * window, which cannot reach this window's SecretStorage). False when the registry is still there.
   */
  async deleteOrphan(id: string): Promise<boolean> {
    if (await findRegistry(await this.deps.catalog(), id)) return false;
    await this.delete(id);
    return true;
  }

  /** Deletes the secrets of every indexed registry that is no longer in the catalog; returns their ids. */
  async pruneOrphans(): Promise<string[]> {
    const indexed = this.deps.secretIndex?.get() ?? [];
    if (!indexed.length) return [];
    const catalog = await this.deps.catalog();
    const present = new Set((await catalog.read((em) => em.find(Registry))).map((r) => r.id));
    const orphans = indexed.filter((id) => !present.has(id));
    for (const id of orphans) await this.delete(id);
    if (orphans.length) this.deps.log.info(`deleted the saved logins of ${orphans.length} registr${orphans.length === 1 ? 'y' : 'ies'} no longer in the catalog`);
    return orphans;
  }
}
