import type { Catalog } from '../../store/catalog';
import type { PanelLogic } from '../panelSession';
import { loadStoragePoolView } from './loadStoragePoolView';
import type { StoragePoolRequest, StoragePoolView } from './protocol';
import { validateStoragePoolMessage } from './validateStoragePoolMessage';

export interface StoragePanelHooks {
  openContainer(id: string): Promise<void>;
  openStoragePool(id: string): Promise<void>;
  openStorageVolume(id: string): Promise<void>;
}

/** The storage pool panel: read-only config, its volumes and the containers whose data lives in it. */
export function storagePoolPanelLogic(catalog: () => Promise<Catalog>, hooks: StoragePanelHooks): PanelLogic<StoragePoolView, StoragePoolRequest> {
  return {
    noun: 'storage pool',
    validate: validateStoragePoolMessage,
    load: async (id) => loadStoragePoolView(await catalog(), id),
    title: (v) => `Storage pool: ${v.name} (${v.engine.name})`,
    handle: async (m, { view }) => {
      // Only what the panel lists can be opened from it.
      if (m.type === 'openVolume') {
        if (!view.volumes.some((v) => v.id !== null && v.id === m.volume)) return { ok: false, message: `${m.volume} is not a custom volume of this pool.` };
        await hooks.openStorageVolume(m.volume);
        return { ok: true };
      }
      const listed = view.rootDisks.some((u) => u.id === m.container) || view.volumes.some((v) => v.usedBy.some((u) => u.id === m.container));
      if (!listed) return { ok: false, message: `${m.container} keeps no data in this pool.` };
      await hooks.openContainer(m.container);
      return { ok: true };
    },
  };
}
