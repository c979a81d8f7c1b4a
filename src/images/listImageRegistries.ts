import { Registry } from '../entities/Registry';
import type { Catalog } from '../store/catalog';

export interface RegistryChoice {
  readonly id: string;
  readonly name: string;
  readonly url: string;
}

/** The catalog's registries by name, for choosing where a registry image lives (no login state: not needed). */
export async function listImageRegistries(catalog: Catalog): Promise<RegistryChoice[]> {
  const rows = await catalog.read((em) => em.find(Registry, { order: { name: 'ASC' } }));
  return rows.map((r) => ({ id: r.id, name: r.name, url: r.url }));
}
