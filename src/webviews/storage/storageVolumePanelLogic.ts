import type { Catalog } from '../../store/catalog';
import type { PanelLogic } from '../panelSession';
import { loadStorageVolumeView } from './loadStorageVolumeView';
import type { StorageVolumeRequest, StorageVolumeView } from './protocol';
import type { StoragePanelHooks } from './storagePoolPanelLogic';
import { validateStorageVolumeMessage } from './validateStorageVolumeMessage';

/** The storage volume panel: read-only config, the containers using it, and a way back to its pool. */
export function storageVolumePanelLogic(catalog: () => Promise<Catalog>, hooks: StoragePanelHooks): PanelLogic<StorageVolumeView, StorageVolumeRequest> {
  return {
    noun: 'storage volume',
    validate: validateStorageVolumeMessage,
    load: async (id) => loadStorageVolumeView(await catalog(), id),
    title: (v) => `Volume: ${v.name} (${v.pool.name} on ${v.engine.name})`,
    handle: async (m, { view }) => {
      if (m.type === 'openPool') {
        if (m.pool !== view.pool.id) return { ok: false, message: `${m.pool} is not the pool of this volume.` };
        await hooks.openStoragePool(m.pool);
        return { ok: true };
      }
      if (!view.usedBy.some((u) => u.id === m.container)) return { ok: false, message: `${m.container} does not use this volume.` };
      await hooks.openContainer(m.container);
      return { ok: true };
    },
  };
}
