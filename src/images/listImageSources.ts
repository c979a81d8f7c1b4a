import { In } from 'typeorm';
import { ImageSource } from '../entities/ImageSource';
import type { Catalog } from '../store/catalog';
import type { ImageTypeName } from './imageKinds';

export interface ImageSourceQuery {
  /** Only sources of this type. */
  readonly type?: ImageTypeName;
  /** Only these sources (by ImageSource Id). */
  readonly ids?: readonly string[];
}

/**
 * Image sources in the one order every list shows them (type, distribution, tags): the quick picks, the
 * CLI's `images sources` and the panels' palette pick read them here, so they agree.
 */
export function listImageSources(catalog: Catalog, query: ImageSourceQuery = {}): Promise<ImageSource[]> {
  return catalog.read((em) =>
    em.find(ImageSource, {
      where: { ...(query.type ? { type: query.type } : {}), ...(query.ids ? { id: In([...query.ids]) } : {}) },
      order: { type: 'ASC', distribution: 'ASC', tags: 'ASC' },
    }),
  );
}
