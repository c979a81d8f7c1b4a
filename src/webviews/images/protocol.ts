import type { CommonPageMessage } from '../protocol';

/** Every ImageSource column as the panel shows it (dates as the catalog stores them). */
export interface ImageSourceView {
  id: string;
  name: string | null;
  type: string;
  distribution: string;
  release: string | null;
  tags: string;
  configured: boolean;
  url: string | null;
  username: string | null;
  uid: number | null;
  localFilename: string | null;
  digestSource: string | null;
  digestAlgorithm: string | null;
  digestUrl: string | null;
  digest: string | null;
  groupTag: string | null;
  size: number | null;
  arch: string | null;
  fingerprint: string | null;
  creationDate: string | null;
  updateDate: string | null;
  /** When the catalog of this source's type was last refreshed (ImageSourceCache.LastUpdate), ISO; null = never. */
  catalogRefreshedAt: string | null;
  /** Whether the images capability can download this source (registry images are pulled by engines). */
  downloadable: boolean;
  /** Whether the Refresh button applies (every type but local tarballs). */
  refreshable: boolean;
  /** The local images made from this source, by name. */
  localImages: { id: string; name: string; state: string }[];
}

export interface ImageSourceDownload {
  type: 'download';
  requestId: number;
}
export interface ImageSourceRefresh {
  type: 'refresh';
  requestId: number;
}
/** Opens the panel of one of the local images the page lists. */
export interface ImageSourceOpenLocal {
  type: 'openLocalImage';
  requestId: number;
  localImage: string;
}

export type ImageSourceRequest = ImageSourceDownload | ImageSourceRefresh | ImageSourceOpenLocal;
export type ImageSourcePageMessage = CommonPageMessage | ImageSourceRequest;

/** A local image: what is (or should be) on disk, and where it came from. */
export interface LocalImageView {
  id: string;
  name: string;
  state: string;
  type: string | null;
  distribution: string | null;
  release: string | null;
  tags: string | null;
  arch: string | null;
  url: string | null;
  localFilename: string | null;
  /** Absolute path of the file in the images folder; null when no file is recorded. */
  file: string | null;
  size: number | null;
  digestAlgorithm: string | null;
  digest: string | null;
  creationDate: string | null;
  updateDate: string | null;
  /** The source it was made from; null when there never was one or it was removed. */
  source: { id: string; name: string } | null;
  /** True when the local image had a source that is no longer in the catalog (ImageSourceId set to NULL on delete). */
  sourceRemoved: boolean;
}

/** Recomputes the file's digest and compares it with the catalog's. */
export interface LocalImageVerify {
  type: 'verify';
  requestId: number;
}
export interface LocalImageOpenSource {
  type: 'openSource';
  requestId: number;
}

export type LocalImageRequest = LocalImageVerify | LocalImageOpenSource;
export type LocalImagePageMessage = CommonPageMessage | LocalImageRequest;
