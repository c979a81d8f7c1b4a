import { ForeignDatabaseError, type ForeignDatabase } from '../store/foreignDatabase';

// The rows of a Wsl-Manager images.db (seed 001), at any of its schema versions (PRAGMA user_version):
//   1  ImageSource, LocalImage, ImageSourceCache created (PK Type, Distribution, Release, Configured)
//   2  builtin and Incus catalogs copied into ImageSource (data only)
//   3  ImageSource.GroupTag added
//   4  legacy tarballs + JSON moved into LocalImage (data only)
//   5  ImageSource.Size and LocalImage.Size added
//   6  unique index on LocalImage (ImageSourceId, Name)
//   7  ImageSource rebuilt with PK (Type, Distribution, Tags, Configured); empty Tags filled from Release
// Columns a version does not have read as null. Older files spell some columns in upper case (TAGS,
// ETAG), and SQLite column names are case-insensitive, so rows are read by lower-cased name.

export const WSL_MANAGER_VERSIONS = { min: 1, max: 7 } as const;

export interface WslSourceRow {
  id: string;
  creationDate: string | null;
  updateDate: string | null;
  name: string | null;
  tags: string | null;
  url: string | null;
  type: string | null;
  configured: string | null;
  username: string | null;
  uid: number | null;
  distribution: string | null;
  release: string | null;
  localFilename: string | null;
  digestSource: string | null;
  digestAlgorithm: string | null;
  digestUrl: string | null;
  digest: string | null;
  groupTag: string | null;
  size: number | null;
}

export interface WslLocalRow extends Omit<WslSourceRow, 'groupTag'> {
  imageSourceId: string | null;
  state: string | null;
}

export interface WslCacheRow {
  type: string;
  url: string | null;
  lastUpdate: number | null;
  etag: string | null;
}

export interface WslManagerRows {
  userVersion: number;
  sources: WslSourceRow[];
  locals: WslLocalRow[];
  caches: WslCacheRow[];
}

const TABLES = ['ImageSource', 'LocalImage', 'ImageSourceCache'];

/** Every row of the three tables, or a refusal that says what the file is instead. */
export function readWslManagerRows(db: ForeignDatabase): WslManagerRows {
  if (db.tables.includes('schema') && db.tables.includes('migrations')) {
    throw new ForeignDatabaseError(db.file, 'it is a Container Catalog catalog, not Wsl-Manager\'s images.db');
  }
  const lower = new Map(db.tables.map((t) => [t.toLowerCase(), t]));
  const missing = TABLES.filter((t) => !lower.has(t.toLowerCase()));
  if (missing.length) {
    throw new ForeignDatabaseError(db.file, `it is not Wsl-Manager's images.db (tables: ${db.tables.join(', ') || 'none'}; missing ${missing.join(', ')})`);
  }
  const v = db.userVersion;
  if (v < WSL_MANAGER_VERSIONS.min || v > WSL_MANAGER_VERSIONS.max) {
    throw new ForeignDatabaseError(db.file, `its schema version (user_version ${v}) is not one of Wsl-Manager's (${WSL_MANAGER_VERSIONS.min} to ${WSL_MANAGER_VERSIONS.max})`);
  }
  const all = (table: string): Array<Map<string, unknown>> =>
    db.rows(`SELECT * FROM "${lower.get(table.toLowerCase())}" ORDER BY rowid`).map((r) => new Map(Object.entries(r).map(([k, val]) => [k.toLowerCase(), val])));
  const common = (r: Map<string, unknown>): Omit<WslSourceRow, 'groupTag'> => ({
    id: text(r, 'id') ?? '',
    creationDate: text(r, 'creationdate'),
    updateDate: text(r, 'updatedate'),
    name: text(r, 'name'),
    tags: text(r, 'tags'),
    url: text(r, 'url'),
    type: text(r, 'type'),
    configured: text(r, 'configured'),
    username: text(r, 'username'),
    uid: int(r, 'uid'),
    distribution: text(r, 'distribution'),
    release: text(r, 'release'),
    localFilename: text(r, 'localfilename'),
    digestSource: text(r, 'digestsource'),
    digestAlgorithm: text(r, 'digestalgorithm'),
    digestUrl: text(r, 'digesturl'),
    digest: text(r, 'digest'),
    size: int(r, 'size'),
  });
  return {
    userVersion: v,
    sources: all('ImageSource').map((r) => ({ ...common(r), groupTag: text(r, 'grouptag') })),
    locals: all('LocalImage').map((r) => ({ ...common(r), imageSourceId: text(r, 'imagesourceid'), state: text(r, 'state') })),
    caches: all('ImageSourceCache').map((r) => ({ type: text(r, 'type') ?? '', url: text(r, 'url'), lastUpdate: unixSeconds(r.get('lastupdate')), etag: text(r, 'etag') })),
  };
}

function text(r: Map<string, unknown>, key: string): string | null {
  const v = r.get(key);
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

function int(r: Map<string, unknown>, key: string): number | null {
  const v = r.get(key);
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return null;
}

/** LastUpdate is a Unix timestamp since the table's INTEGER form; the first form kept CURRENT_TIMESTAMP text. */
function unixSeconds(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v !== 'string' || !v.trim()) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const ms = Date.parse(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(v) ? `${v.replace(' ', 'T')}Z` : v);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}
