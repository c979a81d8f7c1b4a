import type { ImageSourceCache } from '../../entities/ImageSourceCache';
import type { LocalImage } from '../../entities/LocalImage';
import { IMAGE_SOURCE_VIEW_SPEC } from '../../images/imageSourceViewSpec';
import type { ImageSourceRow } from '../../images/readImageSourceRows';
import type { ImageTreeData } from '../../images/readImageTreeData';
import type { ImageSourceGroupCount, ImageTreeSummary } from '../../images/readImageTreeSummary';
import { isUnfiltered, matchesQuery, type ViewQuery } from '../../shared/viewQuery';

/**
 * What the image-sources tree is drawn from: counts for its top levels, and the rows of a distribution
 * only when it is opened. So the first paint of an unfiltered view reads counts (one aggregate query)
 * instead of every source; a filtered view, whose counts depend on every row, reads them all.
 */
export interface ImageTreeSource {
  /** Every source type the catalog holds, shown or not (a filter may leave a type with no row). */
  readonly types: readonly string[];
  /** The rows the query lets through, counted per type and distribution. */
  readonly counts: readonly ImageSourceGroupCount[];
  readonly locals: readonly LocalImage[];
  readonly caches: readonly ImageSourceCache[];
  /**
   * The rows the query lets through of one distribution, of one type ('' for every type), in the
   * catalog's order (unsorted: the model sorts).
   */
  rowsIn(type: string, distribution: string): Promise<readonly ImageSourceRow[]>;
}

/** Every row in memory (a filtered view): counts and groups come from the rows the query lets through. */
export function imageTreeSourceFromRows(data: ImageTreeData, query: ViewQuery): ImageTreeSource {
  const visible = data.sources.filter((s) => matchesQuery(IMAGE_SOURCE_VIEW_SPEC, query, s));
  const counts = new Map<string, ImageSourceGroupCount>();
  for (const s of visible) {
    const key = `${s.type}\0${s.distribution}`;
    const c = counts.get(key);
    counts.set(key, { type: s.type, distribution: s.distribution, count: (c?.count ?? 0) + 1 });
  }
  return {
    types: [...new Set(data.sources.map((s) => s.type))],
    counts: [...counts.values()],
    locals: data.locals,
    caches: data.caches,
    rowsIn: async (type, distribution) => visible.filter((s) => (type === '' || s.type === type) && s.distribution === distribution),
  };
}

/**
 * Counts read by an aggregate query (an unfiltered view only: every row is shown, so the counts are the
 * catalog's); a distribution's rows are read once, the first time it is opened.
 */
export function imageTreeSourceFromSummary(
  summary: ImageTreeSummary,
  query: ViewQuery,
  readRows: (type: string, distribution: string) => Promise<readonly ImageSourceRow[]>,
): ImageTreeSource {
  if (!isUnfiltered(query)) throw new Error('A filtered Image Sources view counts its rows: read them all (imageTreeSourceFromRows).');
  const read = new Map<string, Promise<readonly ImageSourceRow[]>>();
  return {
    types: [...new Set(summary.counts.map((c) => c.type))],
    counts: summary.counts,
    locals: summary.locals,
    caches: summary.caches,
    rowsIn: (type, distribution) => {
      const key = `${type}\0${distribution}`;
      let rows = read.get(key);
      if (!rows) {
        rows = readRows(type, distribution);
        // A failed read is tried again on the next expand.
        rows.catch(() => read.delete(key));
        read.set(key, rows);
      }
      return rows;
    },
  };
}
