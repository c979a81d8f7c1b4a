import type { Catalog } from '../../store/catalog';
import type { PanelLogic } from '../panelSession';
import { loadNetworkView } from './loadNetworkView';
import type { NetworkRequest, NetworkView } from './protocol';
import { validateNetworkMessage } from './validateNetworkMessage';

/** The network panel: read-only config and the containers using it; opening one goes through `openContainer`. */
export function networkPanelLogic(catalog: () => Promise<Catalog>, openContainer: (id: string) => Promise<void>): PanelLogic<NetworkView, NetworkRequest> {
  return {
    noun: 'network',
    validate: validateNetworkMessage,
    load: async (id) => loadNetworkView(await catalog(), id),
    title: (v) => `Network: ${v.name} (${v.engine.name})`,
    handle: async (m, { view }) => {
      // Only containers the panel lists can be opened from it.
      if (!view.usedBy.some((u) => u.id === m.container)) return { ok: false, message: `${m.container} does not use this network.` };
      await openContainer(m.container);
      return { ok: true };
    },
  };
}
