import type { EngineContext } from '../../containers/engineConnection';
import { ProfileActions } from '../../containers/profileActions';
import type { Catalog } from '../../store/catalog';
import { configEditRules as rules } from '../configEditRules';
import { engineOfView } from '../engineOfView';
import type { HandlerResult, PanelLogic } from '../panelSession';
import { loadProfileView } from './loadProfileView';
import type { ProfileRequest, ProfileView } from './protocol';
import { validateProfileMessage } from './validateProfileMessage';

export interface ProfilePanelDeps {
  catalog: () => Promise<Catalog>;
  /** The same engine context the Containers commands use (trusted server certificates, secrets). */
  engineContext: EngineContext;
  openContainer(id: string): Promise<void>;
}

/**
 * The profile panel: every edit goes through ProfileActions (LXD first, then the catalog from what
 * LXD reports; a local-catalog draft is edited in the catalog), with the container panel's rules.
 * Removing a device is confirmed in the page (VS Code's modal dialogs cannot be answered in the
 * real-host tests, so a modal here could not be tested through the page).
 */
export function profilePanelLogic(d: ProfilePanelDeps): PanelLogic<ProfileView, ProfileRequest> {
  return {
    noun: 'profile',
    validate: validateProfileMessage,
    load: async (id) => loadProfileView(await d.catalog(), id),
    title: (v) => `Profile: ${v.name} (${v.engine.name})`,
    // Who uses the profile is shown, but is not what an edit is based on.
    versioned: (v) => ({ description: v.description, config: v.config, devices: v.devices }),
    handle: async (m, { view }): Promise<HandlerResult> => {
      if (m.type === 'openContainer') {
        // Only containers the panel lists can be opened from it.
        if (!view.usedBy.some((u) => u.id === m.container)) return { ok: false, message: `${m.container} does not use this profile.` };
        await d.openContainer(m.container);
        return { ok: true };
      }
      const catalog = await d.catalog();
      const engine = await engineOfView(catalog, view.engine);
      const a = new ProfileActions(catalog, d.engineContext);
      switch (m.type) {
        case 'setConfig': {
          const key = rules.configKey(m.key);
          await rules.onField('value', () => a.setConfig(engine, view.name, key, m.value));
          return { ok: true, message: `Set ${key}.` };
        }
        case 'unsetConfig':
          await a.unsetConfig(engine, view.name, m.key);
          return { ok: true, message: `Unset ${m.key}.` };
        case 'addDevice': {
          const device = rules.simpleName('device', 'device', m.device);
          const config = rules.deviceConfig(m.config);
          await rules.onField('deviceConfig', () => a.addDevice(engine, view.name, device, config));
          return { ok: true, message: `Added device ${device}.` };
        }
        case 'removeDevice':
          await a.removeDevice(engine, view.name, m.device);
          return { ok: true, message: `Removed device ${m.device}.` };
        case 'setDescription':
          await rules.onField('description', () => a.setDescription(engine, view.name, m.description.trim()));
          return { ok: true, message: 'Saved the description.' };
      }
    },
  };
}
