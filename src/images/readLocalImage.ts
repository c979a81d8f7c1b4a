import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';

/** One local image by its Id; null when the catalog has none (deleted meanwhile, or a stale argument). */
export function readLocalImage(catalog: Catalog, id: string): Promise<LocalImage | null> {
  return catalog.read((em) => em.findOne(LocalImage, { where: { id } }));
}
