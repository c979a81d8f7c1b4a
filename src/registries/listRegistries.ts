import { Registry } from '../entities/Registry';
import type { Catalog } from '../store/catalog';

/** Every registry, by name then URL: the rows as stored (no secret is ever stored in them). */
export function listRegistries(catalog: Catalog): Promise<Registry[]> {
  return catalog.read((em) => em.find(Registry, { order: { name: 'ASC', url: 'ASC' } }));
}
