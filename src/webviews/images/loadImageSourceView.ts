import { ImageSource } from '../../entities/ImageSource';
import { LocalImage } from '../../entities/LocalImage';
import { ImageType } from '../../images/imageKinds';
import type { ImageTypeName } from '../../images/imageKinds';
import { readTypeCache } from '../../images/sourceCacheState';
import type { Catalog } from '../../store/catalog';
import type { ImageSourceView } from './protocol';

/** The image source, its local images and its catalog's age; undefined when it is not in the catalog. */
export async function loadImageSourceView(catalog: Catalog, id: string): Promise<ImageSourceView | undefined> {
  return catalog.read(async (em) => {
    const s = await em.findOne(ImageSource, { where: { id } });
    if (!s) return undefined;
    const locals = await em.find(LocalImage, { where: { imageSourceId: id }, order: { name: 'ASC' } });
    const cache = await readTypeCache(em, s.type as ImageTypeName);
    return {
      id: s.id,
      name: s.name,
      type: s.type,
      distribution: s.distribution,
      release: s.release,
      tags: s.tags,
      configured: s.configured === 'TRUE',
      url: s.url,
      username: s.username,
      uid: s.uid,
      localFilename: s.localFilename,
      digestSource: s.digestSource,
      digestAlgorithm: s.digestAlgorithm,
      digestUrl: s.digestUrl,
      digest: s.digest,
      groupTag: s.groupTag,
      size: s.size,
      arch: s.arch,
      fingerprint: s.fingerprint,
      creationDate: s.creationDate ?? null,
      updateDate: s.updateDate ?? null,
      catalogRefreshedAt: cache?.lastUpdate ? new Date(cache.lastUpdate * 1000).toISOString() : null,
      // The same rule as the images commands: registry images are not downloaded as files.
      downloadable: s.type !== ImageType.Docker && !!s.url,
      refreshable: s.type !== ImageType.Local,
      localImages: locals.map((l) => ({ id: l.id, name: l.name, state: l.state })),
    };
  });
}

/** Image sources for the palette's quick pick. */
export async function listImageSourcesForPick(catalog: Catalog): Promise<{ id: string; label: string; description: string }[]> {
  return catalog.read(async (em) =>
    (await em.find(ImageSource, { order: { type: 'ASC', distribution: 'ASC', tags: 'ASC' } })).map((s) => ({
      id: s.id,
      label: s.name ?? s.distribution,
      description: [s.type, s.arch ?? '', s.tags.split(',').find((t) => t.startsWith('@')) ?? ''].filter(Boolean).join(' · '),
    })),
  );
}
