import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';

/** Every local image, by name: what the quick picks, the CLI's `images local` and the panels' pick list. */
export function listLocalImages(catalog: Catalog): Promise<LocalImage[]> {
  return catalog.read((em) => em.find(LocalImage, { order: { name: 'ASC' } }));
}
