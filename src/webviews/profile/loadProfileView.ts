import { loadProfiles } from '../../containers/catalogReads';
import { containersUsingProfile } from '../../containers/usedBy';
import type { Catalog } from '../../store/catalog';
import { engineObjectId, parseEngineObjectId } from '../engineObjectId';
import { deviceRows, keyValues } from '../keyValues';
import { loadEngineRef } from '../network/loadNetworkView';
import type { ProfileView } from './protocol';

/** The profile and the containers using it, or undefined when the catalog no longer has it. */
export async function loadProfileView(catalog: Catalog, id: string): Promise<ProfileView | undefined> {
  const ref = parseEngineObjectId(id);
  if (!ref) return undefined;
  return catalog.read(async (em) => {
    const engine = await loadEngineRef(em, ref.engineId);
    const [p] = await loadProfiles(em, ref.engineId, [ref.name]);
    if (!engine || !p) return undefined;
    // The same used-by query the Containers view's "Find containers using…" runs.
    const users = await containersUsingProfile(em, ref.engineId, ref.name);
    return {
      id,
      engine,
      name: p.name,
      description: p.description,
      draft: engine.kind === 'catalog',
      config: keyValues(p.config),
      devices: deviceRows(p.devices),
      usedBy: users.map((u) => ({ id: engineObjectId(u.engineId, u.name), name: u.name })),
    };
  });
}

/** Profiles of every engine for the palette's quick pick. */
export async function listProfilesForPick(catalog: Catalog): Promise<{ id: string; name: string; engine: string }[]> {
  return catalog.read(async (em) => {
    const rows = (await em.query(
      'SELECT p.engine_id AS engineId, p.name AS name, e.name AS engine FROM profiles p JOIN engines e ON e.id = p.engine_id ORDER BY e.name, p.name',
    )) as { engineId: number; name: string; engine: string }[];
    return rows.map((r) => ({ id: engineObjectId(Number(r.engineId), r.name), name: r.name, engine: r.engine }));
  });
}
