import { listForPick } from '../../containers/pickLists';
import { readProfileDetails } from '../../containers/profileDetails';
import type { Catalog } from '../../store/catalog';
import { engineObjectId, parseEngineObjectId } from '../engineObjectId';
import { deviceRows, keyValues } from '../keyValues';
import { toEngineRef } from '../network/loadNetworkView';
import type { ProfileView } from './protocol';

/** The profile and the containers using it, or undefined when the catalog no longer has it. */
export async function loadProfileView(catalog: Catalog, id: string): Promise<ProfileView | undefined> {
  const ref = parseEngineObjectId(id);
  if (!ref) return undefined;
  const d = await readProfileDetails(catalog, ref.engineId, ref.name);
  if (!d) return undefined;
  const p = d.profile;
  return {
    id,
    engine: toEngineRef(d.engine),
    name: p.name,
    description: p.description,
    draft: d.engine.kind === 'catalog',
    config: keyValues(p.config),
    devices: deviceRows(p.devices),
    usedBy: d.users.map((u) => ({ id: engineObjectId(u.engineId, u.name), name: u.name })),
  };
}

/** Profiles of every engine for the palette's quick pick. */
export async function listProfilesForPick(catalog: Catalog): Promise<{ id: string; name: string; engine: string }[]> {
  return (await listForPick(catalog, 'profiles')).map((r) => ({ id: engineObjectId(r.engineId, r.name), name: r.name, engine: r.engine }));
}
