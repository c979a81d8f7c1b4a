import { Registry } from '../../entities/Registry';
import { RegistryRepository } from '../../entities/RegistryRepository';
import type { Catalog } from '../../store/catalog';
import type { RegistryView } from './protocol';

function iso(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  const date = d instanceof Date ? d : new Date(d);
  return Number.isNaN(date.getTime()) ? String(d) : date.toISOString();
}

/** The registry as the panel shows it; undefined when it is not in the catalog. Never includes secrets. */
export async function loadRegistryView(catalog: Catalog, id: string): Promise<RegistryView | undefined> {
  return catalog.read(async (em) => {
    const r = await em.findOne(Registry, { where: { id } });
    if (!r) return undefined;
    const tracked = await em.find(RegistryRepository, { where: { registryId: id }, order: { name: 'ASC' } });
    return {
      id: r.id,
      name: r.name,
      url: r.url,
      loggedIn: !!r.loggedIn,
      username: r.username ?? null,
      verifiedAt: iso(r.verifiedAt),
      lastError: r.lastError ?? null,
      insecure: !!r.insecure,
      caFile: r.caFile ?? null,
      createdAt: iso(r.createdAt),
      tracked: tracked.map((t) => t.name),
    };
  });
}

/** Registries for the palette's quick pick. */
export async function listRegistriesForPick(catalog: Catalog): Promise<{ id: string; name: string; url: string }[]> {
  return catalog.read(async (em) => (await em.find(Registry, { order: { name: 'ASC' } })).map((r) => ({ id: r.id, name: r.name, url: r.url })));
}
