import { ImageType } from '../../images/imageKinds';
import { listImageSources } from '../../images/listImageSources';
import { readImageSourceDetails } from '../../images/readImageSourceDetails';
import type { Catalog } from '../../store/catalog';
import type { ImageSourceView } from './protocol';

/** The image source, its local images and its catalog's age; undefined when it is not in the catalog. */
export async function loadImageSourceView(catalog: Catalog, id: string): Promise<ImageSourceView | undefined> {
  const details = await readImageSourceDetails(catalog, id);
  if (!details) return undefined;
  const { source: s, localImages, catalogLastUpdate } = details;
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
    catalogRefreshedAt: catalogLastUpdate ? new Date(catalogLastUpdate * 1000).toISOString() : null,
    // The same rule as the images commands: registry images are not downloaded as files.
    downloadable: s.type !== ImageType.Docker && !!s.url,
    refreshable: s.type !== ImageType.Local,
    localImages: localImages.map((l) => ({ id: l.id, name: l.name, state: l.state })),
  };
}

/** Image sources for the palette's quick pick. */
export async function listImageSourcesForPick(catalog: Catalog): Promise<{ id: string; label: string; description: string }[]> {
  return (await listImageSources(catalog)).map((s) => ({
    id: s.id,
    label: s.name ?? s.distribution,
    description: [s.type, s.arch ?? '', s.tags.split(',').find((t) => t.startsWith('@')) ?? ''].filter(Boolean).join(' · '),
  }));
}
