import { ImageSourceCache } from '../entities/ImageSourceCache';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';

/** How many image sources of one type one distribution has. */
export interface ImageSourceGroupCount {
  readonly type: string;
  readonly distribution: string;
  readonly count: number;
}

/** What the Image Sources view's top levels show: counts per type and distribution, local images, catalog ages. */
export interface ImageTreeSummary {
  counts: ImageSourceGroupCount[];
  locals: LocalImage[];
  caches: ImageSourceCache[];
}

/**
 * The view's first paint in one light read: the sources are counted (one pass over the primary key,
 * which starts with Type and Distribution), not read; a distribution's rows are read when it is
 * opened (readImageSourceRows). Local images and the catalogs' ages are few rows and read whole.
 */
export function readImageTreeSummary(catalog: Catalog): Promise<ImageTreeSummary> {
  return catalog.read(async (em) => {
    const rows = (await em.query(
      'SELECT "Type" AS type, "Distribution" AS distribution, count(*) AS count FROM "ImageSource" GROUP BY "Type", "Distribution"',
    )) as { type: string; distribution: string; count: number }[];
    return {
      counts: rows.map((r) => ({ type: r.type, distribution: r.distribution, count: Number(r.count) })),
      locals: await em.find(LocalImage),
      caches: await em.find(ImageSourceCache),
    };
  });
}
