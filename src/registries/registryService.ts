import { v7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { Registry } from '../entities/Registry';
import { RegistryListing } from '../entities/RegistryListing';
import { RegistryRepository } from '../entities/RegistryRepository';
import type { Logger } from '../shared/logger';
import type { SecretStore } from '../shared/secrets';
import type { Catalog, WriteHint } from '../store/catalog';
import { readCaFile } from './caFile';
import { findRegistry, getRegistry } from './findRegistry';
import { RegistryBrowser } from './registryBrowser';
import type { PingResult } from './registryClient';
import { isRegistryError, RegistryError } from './registryError';
import { RegistrySecrets, type SecretIndex } from './registrySecrets';
import type { RegistryCredentials } from './registryTransport';
import { normalizeRegistryUrl, type RegistryEndpoint } from './registryUrl';
import { registryWriteHint } from './registryWriteHint';
import { listRegistries } from './listRegistries';

export interface RegistryInput {
  readonly url: string;
  readonly name?: string;
  readonly insecure?: boolean;
  readonly caFile?: string | null;
}

/** An in-place edit. Giving a password (with or without a new username) is a login and is verified first. */
export interface RegistryEdit {
  readonly name?: string;
  readonly url?: string;
  readonly insecure?: boolean;
  readonly caFile?: string | null;
  readonly username?: string;
  readonly password?: string;
}

export interface LoginResult {
  readonly registry: Registry;
  /** False when the registry did not ask for credentials at all (they are saved but were not checked). */
  readonly credentialsVerified: boolean;
  readonly auth: PingResult['auth'];
}

export interface VerifyResult {
  readonly registry: Registry;
  readonly ok: boolean;
  readonly error?: RegistryError;
}

export interface RegistryServiceDeps {
  readonly catalog: () => Promise<Catalog>;
  readonly secrets: SecretStore;
  readonly log: Logger;
  /** Per request; default 20 s. */
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  /** Remembers which registries have a saved secret (VS Code: globalState), so orphans can be found. */
  readonly secretIndex?: SecretIndex;
}

const WELL_KNOWN_NAMES: Readonly<Record<string, string>> = { 'docker.io': 'Docker Hub', 'ghcr.io': 'GitHub Container Registry', 'quay.io': 'Quay' };

/**
 * Registries in the catalog and their logins (secrets only in SecretStorage, through RegistrySecrets).
 * Every catalog change goes through `catalog.write`; network checks happen before. Browsing is the
 * RegistryBrowser's.
 */
export class RegistryService {
  readonly secrets: RegistrySecrets;
  readonly browser: RegistryBrowser;
  private readonly now: () => Date;

  constructor(private readonly deps: RegistryServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.secrets = new RegistrySecrets({ catalog: deps.catalog, secrets: deps.secrets, log: deps.log, secretIndex: deps.secretIndex });
    this.browser = new RegistryBrowser({ catalog: deps.catalog, secrets: this.secrets, log: deps.log, timeoutMs: deps.timeoutMs });
  }

  async list(): Promise<Registry[]> {
    return listRegistries(await this.deps.catalog());
  }

  /** By id, or by any spelling of its URL. Undefined when absent. */
  async find(idOrUrl: string): Promise<Registry | undefined> {
    return findRegistry(await this.deps.catalog(), idOrUrl);
  }

  async get(idOrUrl: string): Promise<Registry> {
    return getRegistry(await this.deps.catalog(), idOrUrl);
  }

  async add(input: RegistryInput): Promise<Registry> {
    const endpoint = normalizeRegistryUrl(input.url);
    this.noteDroppedCredentials(endpoint);
    const name = (input.name ?? '').trim() || defaultRegistryName(endpoint);
    const caFile = normalizeCaFile(input.caFile);
    if (caFile) await readCaFile(caFile, endpoint.key);
    const catalog = await this.deps.catalog();
    return catalog.write(async (em) => {
      await assertUrlFree(em, endpoint.key);
      const row = em.create(Registry, { id: v7(), name, url: endpoint.key, insecure: input.insecure ?? false, caFile, loggedIn: false, username: null, verifiedAt: null, lastError: null });
      await em.insert(Registry, row);
      return em.findOneByOrFail(Registry, { id: row.id });
    });
  }

  async update(idOrUrl: string, edit: RegistryEdit, signal?: AbortSignal): Promise<Registry> {
    const current = await this.get(idOrUrl);
    const endpoint = edit.url !== undefined ? normalizeRegistryUrl(edit.url) : normalizeRegistryUrl(current.url);
    this.noteDroppedCredentials(endpoint);
    const name = edit.name !== undefined ? edit.name.trim() : current.name;
    if (!name) throw new RegistryError('invalid', 'The registry name is empty.');
    const caFile = edit.caFile !== undefined ? normalizeCaFile(edit.caFile) : current.caFile;
    if (caFile && caFile !== current.caFile) await readCaFile(caFile, endpoint.key);
    const insecure = edit.insecure ?? current.insecure;
    const connectionChanged = endpoint.key !== current.url || insecure !== current.insecure || caFile !== current.caFile;
    // A saved password is never sent to another host: moving the registry to a different host name
    // (not just another port or scheme) ends the login unless new credentials come with the edit.
    const hostChanged = hostnameOf(endpoint.key) !== hostnameOf(current.url);

    let credentials: RegistryCredentials | undefined;
    if (edit.password !== undefined) {
      credentials = checkCredentials(edit.username ?? current.username ?? '', edit.password);
      // A new password is verified with the new settings before anything is saved.
      await this.browser.probe({ url: endpoint.key, insecure, caFile }, credentials, signal);
    } else if (edit.username !== undefined && edit.username !== current.username && current.loggedIn) {
      throw new RegistryError('invalid', 'Changing the user name needs the password of that user too.');
    }

    const catalog = await this.deps.catalog();
    const saved = await catalog.write(async (em) => {
      if (endpoint.key !== current.url) await assertUrlFree(em, endpoint.key);
      const changes: Partial<Registry> = { name, url: endpoint.key, insecure, caFile };
      if (credentials) Object.assign(changes, { loggedIn: true, username: credentials.username, verifiedAt: this.now(), lastError: null });
      else if (hostChanged && current.loggedIn) Object.assign(changes, { loggedIn: false, verifiedAt: null, lastError: null });
      else if (connectionChanged && current.loggedIn) Object.assign(changes, { verifiedAt: null });
      await em.update(Registry, { id: current.id }, changes);
      // What was stored of the old address is another server's listing: read the new one afresh.
      if (endpoint.key !== current.url) await em.delete(RegistryListing, { registryId: current.id });
      return em.findOneByOrFail(Registry, { id: current.id });
    }, credentials ? listingHint(current.id) : rowHint(current.id));
    if (credentials) await this.secrets.store(current.id, credentials.password);
    else if (hostChanged && current.loggedIn) {
      await this.secrets.delete(current.id);
      this.deps.log.info(`registry ${current.url} moved to ${endpoint.key}: its saved login was removed (log in to the new host)`);
    }
    this.browser.forget(current.id);
    // A saved login whose connection settings changed is checked again, so its state is not stale.
    if (!credentials && !hostChanged && connectionChanged && current.loggedIn) return (await this.verify(current.id, signal)).registry;
    return saved;
  }

  async remove(idOrUrl: string): Promise<Registry> {
    const current = await this.get(idOrUrl);
    const catalog = await this.deps.catalog();
    await catalog.write(async (em) => {
      await em.delete(RegistryRepository, { registryId: current.id });
      await em.delete(Registry, { id: current.id });
    });
    await this.secrets.delete(current.id);
    this.browser.forget(current.id);
    return current;
  }

  /** Deletes the secret of a registry no longer in the catalog, so no password outlives its registry. */
  async forgetSecret(id: string): Promise<void> {
    if (await this.secrets.deleteOrphan(id)) this.browser.forget(id);
  }

  /** Deletes the secrets of every indexed registry that is no longer in the catalog; returns their ids. */
  async pruneOrphanSecrets(): Promise<string[]> {
    return this.secrets.pruneOrphans();
  }

  /** Checks the credentials against /v2/ first; only then stores the secret and marks the registry logged in. */
  async login(idOrUrl: string, username: string, password: string, signal?: AbortSignal): Promise<LoginResult> {
    const current = await this.get(idOrUrl);
    const credentials = checkCredentials(username, password);
    const ping = await this.browser.probe(current, credentials, signal);
    await this.secrets.store(current.id, credentials.password);
    const catalog = await this.deps.catalog();
    const registry = await catalog.write(async (em) => {
      await em.update(Registry, { id: current.id }, { loggedIn: true, username: credentials.username, verifiedAt: this.now(), lastError: null });
      return em.findOneByOrFail(Registry, { id: current.id });
    }, listingHint(current.id));
    this.browser.forget(current.id);
    this.deps.log.info(`registry ${registry.url}: logged in as ${registry.username}${ping.credentialsVerified ? '' : ' (the registry did not ask for credentials)'}`);
    return { registry, credentialsVerified: ping.credentialsVerified, auth: ping.auth };
  }

  /** Removes the secret; the user name stays as a hint for the next login. */
  async logout(idOrUrl: string): Promise<Registry> {
    const current = await this.get(idOrUrl);
    await this.secrets.delete(current.id);
    const catalog = await this.deps.catalog();
    const registry = await catalog.write(async (em) => {
      await em.update(Registry, { id: current.id }, { loggedIn: false, verifiedAt: null, lastError: null });
      return em.findOneByOrFail(Registry, { id: current.id });
    }, rowHint(current.id));
    this.browser.forget(current.id);
    return registry;
  }

  /** Probes /v2/ with the saved login (or anonymously) and records the outcome; never throws for a failed probe. */
  async verify(idOrUrl: string, signal?: AbortSignal): Promise<VerifyResult> {
    const current = await this.get(idOrUrl);
    let error: RegistryError | undefined;
    try {
      const credentials = await this.secrets.saved(current);
      await this.browser.probe(current, credentials, signal);
    } catch (e) {
      if (isRegistryError(e, 'cancelled')) throw e;
      error = isRegistryError(e) ? e : new RegistryError('network', e instanceof Error ? e.message : String(e), { cause: e });
    }
    const catalog = await this.deps.catalog();
    const registry = await catalog.write(async (em) => {
      await em.update(Registry, { id: current.id }, error ? { lastError: error.message } : { verifiedAt: this.now(), lastError: null });
      return em.findOneByOrFail(Registry, { id: current.id });
    }, rowHint(current.id));
    this.browser.forget(current.id);
    return { registry, ok: !error, error };
  }

  /** A password typed into an address is not a login: it is dropped (normalizeRegistryUrl), and the user told how to log in. */
  private noteDroppedCredentials(endpoint: RegistryEndpoint): void {
    if (endpoint.credentialsDropped) this.deps.log.info(`registry ${endpoint.key}: the user name and password in the address were not saved; log in to use them (passwords are kept in the OS keychain only)`);
  }

  dispose(): void {
    this.browser.dispose();
  }
}

export function defaultRegistryName(endpoint: RegistryEndpoint): string {
  return WELL_KNOWN_NAMES[endpoint.key] ?? endpoint.referenceHost;
}

async function assertUrlFree(em: EntityManager, key: string): Promise<void> {
  const existing = await em.findOneBy(Registry, { url: key });
  if (existing) throw new RegistryError('duplicate', `${key} is already added (as "${existing.name}"). Edit that registry instead.`);
}

function checkCredentials(username: string, password: string): RegistryCredentials {
  const u = username.trim();
  if (!u) throw new RegistryError('invalid', 'The user name is empty.');
  if (u.includes(':')) throw new RegistryError('invalid', 'A user name cannot contain ":".');
  if (!password) throw new RegistryError('invalid', 'The password or token is empty.');
  return { username: u, password };
}

function hostnameOf(key: string): string {
  return new URL(normalizeRegistryUrl(key).apiBase).hostname;
}

function normalizeCaFile(caFile: string | null | undefined): string | null {
  const f = (caFile ?? '').trim();
  return f ? f : null;
}

function rowHint(registryId: string): WriteHint {
  return registryWriteHint(registryId, 'row');
}

function listingHint(registryId: string): WriteHint {
  return registryWriteHint(registryId, 'listing');
}
