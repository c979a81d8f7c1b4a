import { dirname } from 'node:path';
import type { EntityManager } from 'typeorm';
import { ImageSource } from '../entities/ImageSource';
import { ImageSourceCache } from '../entities/ImageSourceCache';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import { openForeignDatabase } from '../store/foreignDatabase';
import { importOnce, wasImported } from '../store/importRecord';
import { ImageType, LocalState } from './imageKinds';
import { planLegacyFolder, recordLegacyImages, storeLegacyFiles } from './importLegacyFolder';
import { storeByDigest } from './importTarball';
import { checkLocalFile, type FileCheck } from './wslManagerFiles';
import { readWslManagerRows, type WslCacheRow, type WslLocalRow, type WslManagerRows, type WslSourceRow } from './wslManagerRows';

// Wsl-Manager's images.db (seed 001) into the catalog, whose ImageSource / LocalImage / ImageSourceCache
// tables are Wsl-Manager's at schema v7: rows keep their Ids, states, digests, sizes and dates. A row
// already in the catalog (same Id, or an ImageSource with the same key) stays as the catalog has it, and
// a LocalImage that pointed at it points at the catalog's row. Local files are copied into the images
// folder only once verified against their digest; a Synced row whose file is missing or wrong comes over
// as NotDownloaded, and says so.

export const WSL_MANAGER = 'wsl-manager';

/** The schema version from which local images are rows (seed 001: before it, tarballs + JSON files). */
const LOCAL_IMAGES_TRACKED = 3;

const TYPES = new Set<string>(Object.values(ImageType));
const STATES = new Set<string>(Object.values(LocalState));

export interface WslImportItem {
  readonly id: string;
  readonly name: string;
  /** Why it is not imported, or what changed on the way (a missing file). */
  readonly note?: string;
}

export interface WslManagerImport {
  readonly file: string;
  readonly sha256: string;
  readonly userVersion: number;
  readonly dryRun: boolean;
  /** This file's content was imported before: nothing was (or would be) done. */
  readonly alreadyImported: boolean;
  readonly sources: { readonly added: WslImportItem[]; readonly existing: WslImportItem[]; readonly skipped: WslImportItem[] };
  readonly localImages: { readonly added: WslImportItem[]; readonly existing: WslImportItem[]; readonly skipped: WslImportItem[] };
  /** Files copied (or, in a dry run, that would be) into the images folder, verified by digest. */
  readonly files: Array<{ readonly from: string; readonly fileName: string }>;
  readonly caches: { readonly added: string[]; readonly existing: string[]; readonly skipped: WslImportItem[] };
  /**
   * Before schema v3 Wsl-Manager tracked local images as tarballs + JSON next to images.db, which its
   * migration 4 (TransferLocalImages) moves into LocalImage. For such a file the same transfer is done
   * here, in the same transaction: each tarball a Synced local image, a JSON without its tarball a
   * NotDownloaded one. The folder itself is left as it is.
   */
  readonly legacyImages: WslImportItem[];
}

/**
 * Imports `file` (never modified: a copy of its bytes is read) into `catalog`; verified local files go to
 * `imagesDir`. With `dryRun` nothing is written anywhere. Otherwise one catalog transaction, recorded by
 * the file's sha256 so the same content imports once.
 */
export async function importWslManager(catalog: Catalog, imagesDir: string, file: string, options: { dryRun?: boolean; wasmPath?: string } = {}): Promise<WslManagerImport> {
  const db = await openForeignDatabase(file, options.wasmPath);
  let rows: WslManagerRows;
  try {
    rows = readWslManagerRows(db);
  } finally {
    db.close();
  }
  const dryRun = options.dryRun === true;
  const empty = {
    file: db.file, sha256: db.sha256, userVersion: rows.userVersion, dryRun, alreadyImported: true,
    sources: { added: [], existing: [], skipped: [] }, localImages: { added: [], existing: [], skipped: [] }, files: [], caches: { added: [], existing: [], skipped: [] },
    legacyImages: [],
  };
  if (await catalog.read((em) => wasImported(em, WSL_MANAGER, db.sha256))) return empty;
  const checks = new Map<string, FileCheck>();
  for (const l of rows.locals) checks.set(l.id, await checkLocalFile(db.file, l));
  const legacy = rows.userVersion < LOCAL_IMAGES_TRACKED ? await planLegacyFolder(dirname(db.file)) : [];
  const legacyReport = {
    legacyImages: legacy.map((l) => ({ id: l.tarball ?? l.jsonFile!, name: l.meta.name, note: l.tarball ? 'Synced' : 'NotDownloaded: its JSON has no tarball' })),
    legacyFiles: legacy.filter((l) => l.tarball && l.fileName).map((l) => ({ from: l.tarball!, fileName: l.fileName! })),
  };
  const withLegacy = (r: Plan['report']): Pick<WslManagerImport, 'sources' | 'localImages' | 'files' | 'caches' | 'legacyImages'> =>
    ({ ...r, files: [...r.files, ...legacyReport.legacyFiles], legacyImages: legacyReport.legacyImages });
  if (dryRun) return catalog.read(async (em) => ({ ...empty, alreadyImported: false, ...withLegacy((await plan(em, rows, checks)).report) }));
  // Copied before the transaction (and verified again while copying): a file in the images folder that no
  // row names is harmless, a row naming a file that is not there is not.
  for (const c of checks.values()) if ('ok' in c) await storeByDigest(catalog, imagesDir, c.ok.path, c.ok.fileName, c.ok.algorithm, c.ok.digest);
  await storeLegacyFiles(catalog, imagesDir, legacy);
  return catalog.write(async (em) => {
    let result: WslManagerImport = empty;
    await importOnce(em, WSL_MANAGER, db.sha256, async (tx) => {
      const p = await plan(tx, rows, checks);
      for (const s of p.sources) await tx.insert(ImageSource, s);
      for (const l of p.locals) await tx.insert(LocalImage, l);
      for (const c of p.caches) await tx.insert(ImageSourceCache, c);
      // After the sources: a legacy image matches the imported source of its type/distribution/release.
      await recordLegacyImages(tx, legacy);
      result = { ...empty, alreadyImported: false, ...withLegacy(p.report) };
    });
    return result;
  });
}

interface Plan {
  sources: Array<Partial<ImageSource>>;
  locals: Array<Partial<LocalImage>>;
  caches: Array<Partial<ImageSourceCache>>;
  report: Pick<WslManagerImport, 'sources' | 'localImages' | 'files' | 'caches'>;
}

/** What importing `rows` does to the catalog open on `em`: the same answer for the dry run and the import. */
async function plan(em: EntityManager, rows: WslManagerRows, checks: ReadonlyMap<string, FileCheck>): Promise<Plan> {
  const p: Plan = {
    sources: [], locals: [], caches: [],
    report: { sources: { added: [], existing: [], skipped: [] }, localImages: { added: [], existing: [], skipped: [] }, files: [], caches: { added: [], existing: [], skipped: [] } },
  };
  const ourSources = await em.find(ImageSource);
  const byId = new Map(ourSources.map((s) => [s.id, s]));
  const byKey = new Map(ourSources.map((s) => [sourceKey(s.type, s.distribution, s.tags, s.configured), s.id]));
  /** Wsl-Manager's ImageSource Id → the catalog's Id of the same source. */
  const sourceIds = new Map<string, string>();
  for (const s of rows.sources) planSource(p, s, byId, byKey, sourceIds);

  const ourLocals = await em.find(LocalImage);
  const localIds = new Set(ourLocals.map((l) => l.id));
  const names = new Set(ourLocals.map((l) => `${l.imageSourceId ?? ''}\0${l.name}`));
  for (const l of rows.locals) {
    const item = { id: l.id, name: l.name ?? l.id };
    if (!l.id) p.report.localImages.skipped.push({ ...item, note: 'it has no Id' });
    else if (localIds.has(l.id)) p.report.localImages.existing.push(item);
    else if (!l.name) p.report.localImages.skipped.push({ ...item, note: 'it has no Name' });
    else if (l.state !== null && !STATES.has(l.state)) p.report.localImages.skipped.push({ ...item, note: `its State "${l.state}" is not Synced, NotDownloaded or Outdated` });
    else {
      const imageSourceId = (l.imageSourceId && sourceIds.get(l.imageSourceId)) || null;
      const nameKey = `${imageSourceId ?? ''}\0${l.name}`;
      if (names.has(nameKey)) {
        p.report.localImages.skipped.push({ ...item, note: `the catalog already has a local image named "${l.name}"${imageSourceId ? ' for the same source' : ' without a source'}` });
        continue;
      }
      names.add(nameKey);
      localIds.add(l.id);
      const planned = planLocal(l, imageSourceId, checks.get(l.id) ?? { none: true });
      p.locals.push(planned.row);
      p.report.localImages.added.push(planned.note ? { ...item, note: planned.note } : item);
      if (planned.file) p.report.files.push(planned.file);
    }
  }

  const ourCaches = new Set((await em.find(ImageSourceCache)).map((c) => c.type));
  for (const c of rows.caches) planCache(p, c, ourCaches);
  return p;
}

function planSource(p: Plan, s: WslSourceRow, byId: ReadonlyMap<string, ImageSource>, byKey: Map<string, string>, sourceIds: Map<string, string>): void {
  const item = { id: s.id, name: s.name ?? s.id };
  const ours = byId.get(s.id);
  if (ours) {
    sourceIds.set(s.id, ours.id);
    p.report.sources.existing.push(item);
    return;
  }
  if (!s.id) return void p.report.sources.skipped.push({ ...item, note: 'it has no Id' });
  if (!s.type || !TYPES.has(s.type)) return void p.report.sources.skipped.push({ ...item, note: `its Type "${s.type ?? ''}" is not one of ${[...TYPES].join(', ')}` });
  if (!s.distribution) return void p.report.sources.skipped.push({ ...item, note: 'it has no Distribution' });
  // Schema v7's own rule: Tags is part of the key, filled from Release where empty.
  const tags = s.tags || s.release || '';
  const configured = s.configured?.toUpperCase() === 'TRUE' ? 'TRUE' : 'FALSE';
  const key = sourceKey(s.type, s.distribution, tags, configured);
  const same = byKey.get(key);
  if (same) {
    sourceIds.set(s.id, same);
    p.report.sources.existing.push({ ...item, note: `the catalog has this source (${s.type} ${s.distribution} ${tags}) already` });
    return;
  }
  byKey.set(key, s.id);
  sourceIds.set(s.id, s.id);
  p.sources.push({
    id: s.id, ...dates(s), name: s.name, tags, url: s.url, type: s.type, configured, username: s.username, uid: s.uid,
    distribution: s.distribution, release: s.release, localFilename: s.localFilename, digestSource: s.digestSource,
    digestAlgorithm: s.digestAlgorithm, digestUrl: s.digestUrl, digest: s.digest, groupTag: s.groupTag, size: s.size, arch: null, fingerprint: null,
  });
  p.report.sources.added.push(item);
}

function planLocal(l: WslLocalRow, imageSourceId: string | null, check: FileCheck): { row: Partial<LocalImage>; note?: string; file?: { from: string; fileName: string } } {
  const state = l.state ?? LocalState.NotDownloaded;
  const base = {
    id: l.id, imageSourceId, ...dates(l), name: l.name!, tags: l.tags, url: l.url, type: l.type,
    configured: l.configured?.toUpperCase() === 'TRUE' ? 'TRUE' : 'FALSE', username: l.username, uid: l.uid,
    distribution: l.distribution, release: l.release, localFilename: l.localFilename, digestSource: l.digestSource,
    digestAlgorithm: l.digestAlgorithm, digestUrl: l.digestUrl, digest: l.digest, size: l.size, arch: null,
  };
  if ('ok' in check) {
    const { ok } = check;
    const row = { ...base, digest: ok.digest, digestAlgorithm: ok.algorithm, size: ok.size, localFilename: ok.fileName };
    // A verified file is on disk whatever the row said: NotDownloaded becomes Synced, Outdated stays.
    return { row: { ...row, state: state === LocalState.Outdated ? state : LocalState.Synced }, file: { from: ok.path, fileName: ok.fileName } };
  }
  if (state === LocalState.NotDownloaded) return { row: { ...base, state } };
  const why = 'problem' in check ? check.problem : 'its file was not found next to the database';
  return { row: { ...base, state: LocalState.NotDownloaded }, note: `${state} in Wsl-Manager, NotDownloaded here: ${why}` };
}

/**
 * Wsl-Manager's Builtin and Incus cache rows hold the ETag of its own catalog files on GitHub, while the
 * catalog's rows of those types hold the scopes its refreshes read (for Incus, the simplestreams server
 * list: an imported row would replace the list the extension seeds). So those two are reported, not copied.
 */
const CACHE_NOT_COPIED: Record<string, string> = {
  Builtin: 'the catalog keeps its own builtin lists (shipped, and the URL setting) in this row; Wsl-Manager\'s list URL and ETag are not copied',
  Incus: 'the catalog keeps its simplestreams server list in this row; Wsl-Manager\'s Incus list URL and ETag are not copied',
};

function planCache(p: Plan, c: WslCacheRow, ours: Set<string>): void {
  if (!c.type) return;
  const why = CACHE_NOT_COPIED[c.type];
  if (why) return void p.report.caches.skipped.push({ id: c.type, name: `${c.type} (${c.url ?? ''}, ETag ${c.etag ?? ''})`, note: why });
  if (ours.has(c.type)) return void p.report.caches.existing.push(c.type);
  ours.add(c.type);
  p.caches.push({ type: c.type, url: c.url, lastUpdate: c.lastUpdate, etag: c.etag });
  p.report.caches.added.push(c.type);
}

function dates(r: { creationDate: string | null; updateDate: string | null }): { creationDate?: string; updateDate?: string } {
  return { ...(r.creationDate ? { creationDate: r.creationDate } : {}), ...(r.updateDate ? { updateDate: r.updateDate } : {}) };
}

function sourceKey(type: string, distribution: string, tags: string, configured: string): string {
  return JSON.stringify([type, distribution, tags, configured]);
}
