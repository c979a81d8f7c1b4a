import { ImageSource } from '../entities/ImageSource';
import type { Catalog } from '../store/catalog';

/** One image source by its Id; null when the catalog has none (deleted meanwhile, or a stale argument). */
export function readImageSource(catalog: Catalog, id: string): Promise<ImageSource | null> {
  return catalog.read((em) => em.findOne(ImageSource, { where: { id } }));
}
