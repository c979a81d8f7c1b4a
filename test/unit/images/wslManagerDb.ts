import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';

// Wsl-Manager images.db files at each schema version (seed 001; the DDL of each version as Wsl-Manager's
// public source defines it, written here from that description), built at run time so no binary fixture
// is checked in. Versions 2 and 4 changed only data, so the schema-changing ones are 1, 3, 5, 6 and 7.

export const SCHEMA_VERSIONS = [1, 3, 5, 6, 7] as const;

const col = (name: string, def: string): string => `  ${name} ${def}`;

/** CREATE statements of the three tables as they stand at `version`. */
export function wslManagerDdl(version: number): string {
  const common = [
    col('CreationDate', 'TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP'), col('UpdateDate', 'TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP'),
    col('Name', 'TEXT NOT NULL'), col('Tags', 'TEXT'), col('Url', 'TEXT'),
  ];
  const tail = [
    col('Configured', "TEXT NOT NULL DEFAULT 'FALSE'"), col('Username', "TEXT NOT NULL DEFAULT 'root'"), col('Uid', 'INTEGER NOT NULL DEFAULT 0'),
    col('Distribution', 'TEXT'), col('[Release]', 'TEXT'), col('LocalFilename', 'TEXT'), col('DigestSource', "TEXT DEFAULT 'docker'"),
    col('DigestAlgorithm', "TEXT DEFAULT 'SHA256'"), col('DigestUrl', 'TEXT'), col('Digest', 'TEXT'),
  ];
  const source = [
    col('Id', 'TEXT'), ...common, col('Type', "TEXT NOT NULL DEFAULT 'Builtin'"), ...tail,
    ...(version >= 3 ? [col('GroupTag', 'TEXT')] : []), ...(version >= 5 ? [col('Size', 'INTEGER')] : []),
    `  PRIMARY KEY (Type, Distribution, ${version >= 7 ? 'Tags' : '[Release]'}, Configured)`, '  UNIQUE (Id)',
  ];
  const local = [
    col('Id', 'TEXT PRIMARY KEY'), col('ImageSourceId', 'TEXT'), ...common, col('State', "TEXT NOT NULL DEFAULT 'Synced'"),
    col('Type', "TEXT NOT NULL DEFAULT 'Builtin'"), ...tail, ...(version >= 5 ? [col('Size', 'INTEGER')] : []),
    '  FOREIGN KEY (ImageSourceId) REFERENCES ImageSource (Id) ON DELETE SET NULL',
  ];
  return [
    `CREATE TABLE ImageSource (\n${source.join(',\n')}\n);`,
    `CREATE TABLE LocalImage (\n${local.join(',\n')}\n);`,
    'CREATE TABLE ImageSourceCache (\n  Type TEXT PRIMARY KEY,\n  Url TEXT NOT NULL,\n  LastUpdate INTEGER NOT NULL,\n  Etag TEXT NOT NULL\n);',
    ...(version >= 6 ? ['CREATE UNIQUE INDEX IX_LocalImage_ImageSourceId_Name ON LocalImage (ImageSourceId, Name);'] : []),
  ].join('\n');
}

export interface FixtureSource {
  Id: string; Name: string; Tags: string | null; Url: string; Type: string; Configured: string; Username: string; Uid: number;
  Distribution: string; Release: string; LocalFilename: string | null; DigestSource: string; DigestAlgorithm: string;
  DigestUrl: string | null; Digest: string | null; GroupTag: string; Size: number; CreationDate: string; UpdateDate: string;
}
export interface FixtureLocal extends Omit<FixtureSource, 'GroupTag'> { ImageSourceId: string | null; State: string }
export interface FixtureCache { Type: string; Url: string; LastUpdate: number; Etag: string }

export interface WslFixture {
  readonly file: string;
  readonly sources: FixtureSource[];
  readonly locals: FixtureLocal[];
  readonly caches: FixtureCache[];
  /** Tarball bytes written next to the database, by LocalImage Id. */
  readonly files: Record<string, { name: string; bytes: Buffer; digest: string }>;
}

const hex = (algorithm: string, b: Buffer): string => createHash(algorithm).update(b).digest('hex');
const D1 = '2025-03-01 10:00:00';
const D2 = '2025-03-02 11:30:00';

/**
 * Writes `<dir>/images.db` at `version` with sources of every type, local images in every state (a file
 * named `<digest>.rootfs.tar.gz`, one named `SHA384_<digest>.rootfs.tar.gz`, a missing one, a file whose
 * content does not match its digest) and the two cache rows; plus the tarballs next to it.
 */
export async function writeWslManagerDb(dir: string, version: number): Promise<WslFixture> {
  const tar1 = Buffer.from(`alpine rootfs v${version}`.repeat(300));
  const tar2 = Buffer.from(`arch rootfs v${version}`.repeat(200));
  const d1 = hex('sha256', tar1);
  const d2 = hex('sha384', tar2);
  const wrong = Buffer.from('not what the digest says');
  const dWrong = hex('sha256', Buffer.from('the real debian rootfs'));
  const src = (o: Partial<FixtureSource> & Pick<FixtureSource, 'Id' | 'Name' | 'Type' | 'Distribution' | 'Release'>): FixtureSource => ({
    Tags: null, Url: `https://example.invalid/${o.Name}.rootfs.tar.gz`, Configured: 'FALSE', Username: 'root', Uid: 0, LocalFilename: null,
    DigestSource: 'sums', DigestAlgorithm: 'SHA256', DigestUrl: 'https://example.invalid/SHA256SUMS', Digest: null, GroupTag: 'etag-1', Size: 1000,
    CreationDate: D1, UpdateDate: D2, ...o,
  });
  const sources = [
    src({ Id: 'a0000000-0000-4000-8000-000000000001', Name: 'alpine', Type: 'Builtin', Distribution: 'alpine', Release: '3.22', Tags: 'latest', Configured: 'TRUE', Username: 'alpine', Uid: 1000, Digest: d1, Size: tar1.length }),
    src({ Id: 'a0000000-0000-4000-8000-000000000002', Name: 'ubuntu', Type: 'Incus', Distribution: 'ubuntu', Release: '24.04', GroupTag: 'etag-2' }),
    src({ Id: 'a0000000-0000-4000-8000-000000000003', Name: 'arch', Type: 'Docker', Distribution: 'arch', Release: 'latest', Tags: 'latest,base', Url: 'docker://ghcr.io/antoinemartin/powershell-wsl-manager/arch#latest', DigestSource: 'docker', DigestAlgorithm: 'SHA384', DigestUrl: null, Digest: d2, Size: tar2.length }),
    src({ Id: 'a0000000-0000-4000-8000-000000000004', Name: 'debian', Type: 'Uri', Distribution: 'debian', Release: '12', DigestSource: 'single', Digest: dWrong }),
    src({ Id: 'a0000000-0000-4000-8000-000000000005', Name: 'weird', Type: 'Floppy', Distribution: 'weird', Release: '1' }),
  ];
  const loc = (s: FixtureSource, o: Partial<FixtureLocal> & Pick<FixtureLocal, 'Id' | 'State'>): FixtureLocal => {
    const { GroupTag: _g, ...rest } = s;
    return { ...rest, ImageSourceId: s.Id, ...o };
  };
  const locals = [
    loc(sources[0], { Id: 'b0000000-0000-4000-8000-000000000001', State: 'Synced', LocalFilename: `${d1}.rootfs.tar.gz` }),
    loc(sources[2], { Id: 'b0000000-0000-4000-8000-000000000002', State: 'Outdated', LocalFilename: `SHA384_${d2}.rootfs.tar.gz` }),
    loc(sources[1], { Id: 'b0000000-0000-4000-8000-000000000003', State: 'Synced', Digest: hex('sha256', Buffer.from('gone')) }),
    loc(sources[3], { Id: 'b0000000-0000-4000-8000-000000000004', State: 'Synced', LocalFilename: `${dWrong}.rootfs.tar.gz` }),
    loc(sources[1], { Id: 'b0000000-0000-4000-8000-000000000005', State: 'NotDownloaded', Name: 'ubuntu-noble', ImageSourceId: null }),
  ];
  const caches = [
    { Type: 'Builtin', Url: 'https://example.invalid/builtins.rootfs.json', LastUpdate: 1767225600, Etag: 'etag-1' },
    { Type: 'Incus', Url: 'https://example.invalid/incus.rootfs.json', LastUpdate: 1767225700, Etag: 'etag-2' },
  ];
  const files = {
    [locals[0].Id]: { name: `${d1}.rootfs.tar.gz`, bytes: tar1, digest: d1 },
    [locals[1].Id]: { name: `SHA384_${d2}.rootfs.tar.gz`, bytes: tar2, digest: d2 },
    [locals[3].Id]: { name: `${dWrong}.rootfs.tar.gz`, bytes: wrong, digest: dWrong },
  };
  for (const f of Object.values(files)) writeFileSync(join(dir, f.name), f.bytes);

  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(wslManagerDdl(version));
  const insert = (table: string, row: Record<string, unknown>): void => {
    const cols = Object.keys(row).filter((k) => (k !== 'GroupTag' || version >= 3) && (k !== 'Size' || version >= 5));
    db.run(`INSERT INTO ${table} (${cols.map((c) => `[${c}]`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => row[c] as string | number | null));
  };
  for (const s of sources) insert('ImageSource', { ...s, Tags: version >= 7 ? s.Tags ?? s.Release : s.Tags });
  for (const l of locals) insert('LocalImage', { ...l });
  for (const c of caches) insert('ImageSourceCache', { ...c });
  db.run(`PRAGMA user_version = ${version}`);
  const file = join(dir, 'images.db');
  writeFileSync(file, db.export());
  db.close();
  return { file, sources, locals, caches, files };
}
