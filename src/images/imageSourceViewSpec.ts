import type { ImageSource } from '../entities/ImageSource';
import { byText, type ViewSpec } from '../shared/viewQuery';
import { ImageType } from './imageKinds';
import { incusFacets } from './simplestreamsParser';

export interface ImageFacets {
  readonly os: string;
  readonly release: string;
  readonly variant: string;
  readonly arch: string;
}

type FacetSource = Pick<ImageSource, 'type' | 'distribution' | 'release' | 'tags' | 'arch'>;

/** What the Image Sources view shows of a source; filters offer exactly these values. */
export function imageFacets(s: FacetSource): ImageFacets {
  const f = s.type === ImageType.Incus ? incusFacets(s.tags) : undefined;
  return { os: s.distribution, release: s.release ?? f?.release ?? '', variant: f?.variant ?? '', arch: s.arch ?? f?.arch ?? '' };
}

type Row = Pick<ImageSource, 'type' | 'distribution' | 'release' | 'tags' | 'arch' | 'name' | 'updateDate' | 'creationDate'>;
const updated = (s: Row): string => s.updateDate || s.creationDate || '';

/** Image sources: filter by type, os, release, variant or arch; sort by name or last change; group by type (the view's own layout) or distribution. */
export const IMAGE_SOURCE_VIEW_SPEC: ViewSpec<Row> = {
  name: 'Image Sources view',
  text: (s) => [s.name ?? '', s.distribution, s.release ?? '', s.tags, s.arch ?? ''].join(' '),
  fields: { type: (s) => s.type, os: (s) => imageFacets(s).os, release: (s) => imageFacets(s).release, variant: (s) => imageFacets(s).variant, arch: (s) => imageFacets(s).arch },
  sorts: {
    // The view's own order: release, variant, arch within a distribution (numeric, so 3.9 < 3.20).
    name: (a, b) => byText(a.name ?? a.release ?? '', b.name ?? b.release ?? '') || byText(imageFacets(a).release, imageFacets(b).release),
    // Last change newest first (ISO dates compare as text).
    updated: (a, b) => updated(b).localeCompare(updated(a)),
  },
  groups: { type: undefined, distribution: (s) => s.distribution },
};
