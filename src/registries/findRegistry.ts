import { Registry } from '../entities/Registry';
import type { Catalog } from '../store/catalog';
import { RegistryError } from './registryError';
import { normalizeRegistryUrl } from './registryUrl';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A registry by id, or by any spelling of its URL. Undefined when absent. */
export async function findRegistry(catalog: Catalog, idOrUrl: string): Promise<Registry | undefined> {
  if (UUID.test(idOrUrl)) return (await catalog.read((em) => em.findOneBy(Registry, { id: idOrUrl }))) ?? undefined;
  const key = normalizeRegistryUrl(idOrUrl).key;
  return (await catalog.read((em) => em.findOneBy(Registry, { url: key }))) ?? undefined;
}

/** Like findRegistry, but an absent registry is an `unknownRegistry` error. */
export async function getRegistry(catalog: Catalog, idOrUrl: string): Promise<Registry> {
  const found = await findRegistry(catalog, idOrUrl);
  if (!found) throw new RegistryError('unknownRegistry', `No registry ${idOrUrl} in the catalog.`);
  return found;
}
