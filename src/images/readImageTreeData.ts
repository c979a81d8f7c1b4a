import { ImageSourceCache } from '../entities/ImageSourceCache';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import { imageSourceRows, type ImageSourceRow } from './readImageSourceRows';

/** Everything the Image Sources view shows: the rows of the three image tables. */
export interface ImageTreeData {
  sources: ImageSourceRow[];
  locals: LocalImage[];
  caches: ImageSourceCache[];
}

/**
 * The view's rows in one read, so sources, local images and catalog ages are of the same moment: for a
 * filtered view and the filter's picks, which look at every row (the unfiltered view reads
 * readImageTreeSummary and one distribution at a time).
 */
export function readImageTreeData(catalog: Catalog): Promise<ImageTreeData> {
  return catalog.read(async (em) => ({
    sources: await imageSourceRows(em),
    locals: await em.find(LocalImage),
    caches: await em.find(ImageSourceCache),
  }));
}
