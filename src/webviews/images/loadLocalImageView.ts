import { basename, join } from 'node:path';
import { imagesFolderFor } from '../../images/imagesFolder';
import { listLocalImages } from '../../images/listLocalImages';
import { readLocalImageDetails } from '../../images/readLocalImageDetails';
import type { Catalog } from '../../store/catalog';
import type { LocalImageView } from './protocol';

/**
 * The file a local image names, inside the images folder. A LocalFilename that is not a plain file
 * name (a path, "..") is never followed: the catalog may have been edited by hand.
 */
export function localImageFile(catalogFile: string, localFilename: string | null): string | null {
  if (!localFilename || localFilename !== basename(localFilename) || localFilename === '..' || localFilename === '.') return null;
  return join(imagesFolderFor(catalogFile), localFilename);
}

/** The local image and its source; undefined when it is not in the catalog. */
export async function loadLocalImageView(catalog: Catalog, id: string): Promise<LocalImageView | undefined> {
  const details = await readLocalImageDetails(catalog, id);
  if (!details) return undefined;
  const { local: l, source: s } = details;
  return {
    id: l.id,
    name: l.name,
    state: l.state,
    type: l.type,
    distribution: l.distribution,
    release: l.release,
    tags: l.tags,
    arch: l.arch,
    url: l.url,
    localFilename: l.localFilename,
    file: localImageFile(catalog.file, l.localFilename),
    size: l.size,
    digestAlgorithm: l.digestAlgorithm,
    digest: l.digest,
    creationDate: l.creationDate ?? null,
    updateDate: l.updateDate ?? null,
    source: s ? { id: s.id, name: s.name ?? s.distribution } : null,
    // The source is removed with ON DELETE SET NULL: a local image without one outlived its source.
    sourceRemoved: !s,
  };
}

/** Local images for the palette's quick pick. */
export async function listLocalImagesForPick(catalog: Catalog): Promise<{ id: string; label: string; description: string }[]> {
  return (await listLocalImages(catalog)).map((l) => ({ id: l.id, label: l.name, description: [l.state, l.type ?? '', l.arch ?? ''].filter(Boolean).join(' · ') }));
}
