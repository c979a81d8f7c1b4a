import { ImageSource } from '../../entities/ImageSource';
import { ImageSourceCache } from '../../entities/ImageSourceCache';
import { LocalImage } from '../../entities/LocalImage';
import type { Catalog } from '../../store/catalog';
import type { TreeData } from './imageTreeModel';

/** Everything the image-sources tree shows, in one read (loaded lazily: it pulls in TypeORM). */
export function readTreeData(catalog: Catalog): Promise<TreeData> {
  return catalog.read(async (em) => ({
    sources: await em.find(ImageSource),
    locals: await em.find(LocalImage),
    caches: await em.find(ImageSourceCache),
  }));
}
