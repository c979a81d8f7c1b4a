import { ImageSource } from '../entities/ImageSource';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';

export interface LocalImageDetails {
  readonly local: LocalImage;
  /** Its source; null when it outlived it (the source was deleted: ON DELETE SET NULL). */
  readonly source: ImageSource | null;
}

/** A local image with its source, read together; undefined when it is not in the catalog. */
export function readLocalImageDetails(catalog: Catalog, id: string): Promise<LocalImageDetails | undefined> {
  return catalog.read(async (em) => {
    const local = await em.findOne(LocalImage, { where: { id } });
    if (!local) return undefined;
    const source = local.imageSourceId ? await em.findOne(ImageSource, { where: { id: local.imageSourceId } }) : null;
    return { local, source };
  });
}
