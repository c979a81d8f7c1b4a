import type { Logger } from '../../shared/logger';
import { PageWalk } from '../../registries/pageWalk';
import { RegistryBrowser } from '../../registries/registryBrowser';
import { isRegistryError } from '../../registries/registryError';
import type { RegistryService } from '../../registries/registryService';
import { RegistryUrlError } from '../../registries/registryUrl';
import type { Catalog } from '../../store/catalog';
import { FieldError } from '../panelSession';
import type { RegistryPanelOperations } from './registryPanelLogic';
import type { RegistryLive } from './protocol';

/** Stop counting after this many repositories: the panel says "1000+" rather than paging a huge registry. */
export const LISTING_CAP = 1000;

export interface RegistryPrompts {
  /** Asks for username and password; undefined when the user cancelled. The password goes straight to the service. */
  credentials(registryName: string, username: string | null): Promise<{ username: string; password: string } | undefined>;
}

export interface RegistryOperationsDeps {
  service: RegistryService;
  catalog: () => Promise<Catalog>;
  log: Logger;
  prompts: RegistryPrompts;
  refreshNode(id: string): void;
}

/** Puts the registries service's errors next to the field they are about. */
function onField<T>(field: string, kinds: readonly string[], run: () => Promise<T>): Promise<T> {
  return run().catch((e: unknown) => {
    if (isRegistryError(e) && kinds.includes(e.kind)) throw new FieldError(field, e.message);
    // The URL parser has its own error class; its messages say which part of the URL is wrong.
    if (e instanceof RegistryUrlError && kinds.includes('badUrl')) throw new FieldError(field, e.message);
    throw e;
  });
}

/** The registry panel's operations, all through the registries service (same validation as its commands). */
export function registryOperations(d: RegistryOperationsDeps): RegistryPanelOperations {
  return {
    update: async (id, c) => {
      const current = await d.service.get(id);
      // Each input's errors go to its own field: check name and URL first, then the CA file.
      if (!c.name.trim()) throw new FieldError('name', 'The registry name is empty.');
      await onField('url', ['badUrl', 'duplicate'], () =>
        onField('caFile', ['caFile'], () => d.service.update(current.id, { name: c.name, url: c.url, insecure: c.insecure, caFile: c.caFile })),
      );
    },
    login: async (id) => {
      const r = await d.service.get(id);
      const creds = await d.prompts.credentials(r.name, r.username);
      if (!creds) return false;
      await d.service.login(id, creds.username, creds.password);
      return true;
    },
    logout: async (id) => void (await d.service.logout(id)),
    verify: async (id) => {
      const result = await d.service.verify(id);
      if (!result.ok) throw new Error(result.error?.message ?? 'Verification failed.');
    },
    track: (id, repository) => onField('repository', ['invalid', 'duplicate'], async () => void (await d.service.browser.track(id, repository))),
    untrack: (id, repository) => d.service.browser.untrack(id, repository),
    listing: async (id): Promise<RegistryLive> => {
      // A throwaway browser: its client cache never outlives this count, so edits elsewhere are seen.
      const fresh = new RegistryBrowser({ catalog: d.catalog, secrets: d.service.secrets, log: d.log });
      try {
        const walk = new PageWalk((await d.service.get(id)).url, 'repositories');
        let count = 0;
        let cursor: string | undefined;
        do {
          const page = await fresh.repositoriesPage(id, cursor, { pageSize: 100 });
          count += page.items.length;
          cursor = walk.after(page);
        } while (cursor && count < LISTING_CAP);
        return { listing: 'allowed', count, complete: cursor === undefined };
      } catch (e) {
        if (isRegistryError(e, 'catalogNotAllowed')) return { listing: 'refused', reason: e.message };
        return { listing: 'error', message: e instanceof Error ? e.message : String(e) };
      } finally {
        fresh.dispose();
      }
    },
    refreshNode: d.refreshNode,
  };
}
