import type { EngineRecord } from '../../containers/engineRecord';
import { readNetworkDetails } from '../../containers/networkDetails';
import { listForPick } from '../../containers/pickLists';
import type { Catalog } from '../../store/catalog';
import { engineObjectId, parseEngineObjectId } from '../engineObjectId';
import type { EngineRef, NetworkView } from './protocol';

/** The engine as panels name it. */
export function toEngineRef(e: EngineRecord): EngineRef {
  return { id: e.id, name: e.name, kind: e.kind };
}

/** The network and its users, or undefined when the catalog no longer has it. */
export async function loadNetworkView(catalog: Catalog, id: string): Promise<NetworkView | undefined> {
  const ref = parseEngineObjectId(id);
  if (!ref) return undefined;
  const n = await readNetworkDetails(catalog, ref.engineId, ref.name);
  if (!n) return undefined;
  return {
    id,
    engine: toEngineRef(n.engine),
    name: n.name,
    description: n.description,
    config: n.config,
    usedBy: n.users.map((u) => ({ id: engineObjectId(u.engineId, u.name), name: u.name })),
  };
}

/** Networks for the palette's quick pick. */
export async function listNetworksForPick(catalog: Catalog): Promise<{ id: string; name: string; engine: string }[]> {
  return (await listForPick(catalog, 'networks')).map((r) => ({ id: engineObjectId(r.engineId, r.name), name: r.name, engine: r.engine }));
}
