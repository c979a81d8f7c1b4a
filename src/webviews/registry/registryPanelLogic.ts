import type { Catalog } from '../../store/catalog';
import type { HandlerResult, PanelLogic } from '../panelSession';
import type { RegistryDraft, RegistryLive, RegistryRequest, RegistryView } from './protocol';
import { loadRegistryView } from './loadRegistryView';
import { validateRegistryMessage } from './validateRegistryMessage';

/**
 * What the registry panel asks of the registries capability: the same operations its commands run,
 * with the same validation. Errors that belong to a field are thrown as FieldError.
 */
export interface RegistryPanelOperations {
  update(id: string, changes: RegistryDraft): Promise<void>;
  /** Runs the login flow (VS Code input boxes for username and password); false when the user cancelled. */
  login(id: string): Promise<boolean>;
  logout(id: string): Promise<void>;
  verify(id: string): Promise<void>;
  track(id: string, repository: string): Promise<void>;
  untrack(id: string, repository: string): Promise<void>;
  /** Whether the registry lists its repositories, and how many (bounded). */
  listing(id: string): Promise<RegistryLive>;
  /** Refresh just this registry's tree node. */
  refreshNode(id: string): void;
}

/** The registry panel's logic: loads from the catalog, edits through the registries capability. */
export function registryPanelLogic(catalog: () => Promise<Catalog>, ops: RegistryPanelOperations): PanelLogic<RegistryView, RegistryRequest, RegistryLive> {
  return {
      noun: 'registry',
      validate: validateRegistryMessage,
      load: async (id) => loadRegistryView(await catalog(), id),
      title: (v) => `Registry: ${v.name}`,
      live: (id) => ops.listing(id),
      // Login state changes (verified_at) must not make a pending edit of the name/URL conflict.
      versioned: (v) => ({ name: v.name, url: v.url, insecure: v.insecure, caFile: v.caFile }),
      handle: async (m, { id }): Promise<HandlerResult> => {
        let result: HandlerResult;
        switch (m.type) {
          case 'save':
            await ops.update(id, { name: m.name, url: m.url, insecure: m.insecure, caFile: m.caFile });
            result = { ok: true, message: 'Saved.' };
            break;
          case 'login':
            result = (await ops.login(id)) ? { ok: true, message: 'Logged in.' } : { ok: true, message: 'Login cancelled.' };
            break;
          case 'logout':
            await ops.logout(id);
            result = { ok: true, message: 'Logged out; the stored password was removed.' };
            break;
          case 'verify':
            await ops.verify(id);
            result = { ok: true, message: 'Verified.' };
            break;
          case 'track':
            await ops.track(id, m.repository);
            result = { ok: true, message: `Tracking ${m.repository}.` };
            break;
          case 'untrack':
            await ops.untrack(id, m.repository);
            result = { ok: true, message: `No longer tracking ${m.repository}.` };
            break;
        }
        ops.refreshNode(id);
        return result;
      },
  };
}
