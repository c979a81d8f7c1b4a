/** Wsl-Manager's image type enum (seed 001), as stored in ImageSource.Type / LocalImage.Type. */
export const ImageType = {
  Builtin: 'Builtin',
  /** Incus/LXD simplestreams servers. */
  Incus: 'Incus',
  /** `repo:tag` on a registry of the catalog. */
  Docker: 'Docker',
  Uri: 'Uri',
  Local: 'Local',
} as const;
export type ImageTypeName = (typeof ImageType)[keyof typeof ImageType];

/** LocalImage.State values, exactly as the seed names them. */
export const LocalState = {
  Synced: 'Synced',
  NotDownloaded: 'NotDownloaded',
  Outdated: 'Outdated',
} as const;
export type LocalStateName = (typeof LocalState)[keyof typeof LocalState];

/** DigestSource values from the seed. */
export type DigestSourceName = 'docker' | 'sums' | 'single';

/** One ImageSource row as a source kind produces it, before it is written (no Id, no dates). */
export interface SourceRow {
  type: ImageTypeName;
  name: string;
  distribution: string;
  release: string | null;
  tags: string;
  configured: 'TRUE' | 'FALSE';
  url: string;
  username: string | null;
  uid: number | null;
  localFilename: string | null;
  digestSource: DigestSourceName | null;
  digestAlgorithm: string;
  digestUrl: string | null;
  digest: string | null;
  size: number | null;
  arch: string | null;
  fingerprint: string | null;
}

/** The default simplestreams server list (the extension setting's default; the CLI's seed). */
export const DEFAULT_SIMPLESTREAMS_SERVERS = ['https://images.linuxcontainers.org'];
