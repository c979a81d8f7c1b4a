import { ImageSource } from '../entities/ImageSource';
import { ImageSourceCache } from '../entities/ImageSourceCache';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';

/** Everything the Image Sources view shows: the rows of the three image tables. */
export interface ImageTreeData {
  sources: ImageSource[];
  locals: LocalImage[];
  caches: ImageSourceCache[];
}

/** The view's rows in one read, so sources, local images and catalog ages are of the same moment. */
export function readImageTreeData(catalog: Catalog): Promise<ImageTreeData> {
  return catalog.read(async (em) => ({
    sources: await em.find(ImageSource),
    locals: await em.find(LocalImage),
    caches: await em.find(ImageSourceCache),
  }));
}
