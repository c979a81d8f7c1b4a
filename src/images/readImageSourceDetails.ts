import { ImageSource } from '../entities/ImageSource';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import type { ImageTypeName } from './imageKinds';
import { readTypeCache } from './sourceCacheState';

export interface ImageSourceDetails {
  readonly source: ImageSource;
  /** The local images made from it, by name. */
  readonly localImages: LocalImage[];
  /** Unix seconds of the last refresh of its type's catalog; null when never refreshed. */
  readonly catalogLastUpdate: number | null;
}

/** An image source with its local images and its catalog's age, read together; undefined when it is not in the catalog. */
export function readImageSourceDetails(catalog: Catalog, id: string): Promise<ImageSourceDetails | undefined> {
  return catalog.read(async (em) => {
    const source = await em.findOne(ImageSource, { where: { id } });
    if (!source) return undefined;
    const localImages = await em.find(LocalImage, { where: { imageSourceId: id }, order: { name: 'ASC' } });
    const cache = await readTypeCache(em, source.type as ImageTypeName);
    return { source, localImages, catalogLastUpdate: cache?.lastUpdate ?? null };
  });
}
