import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ImageSource } from '../entities/ImageSource';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import { jsonSyntaxPlace } from '../shared/jsonSyntaxPlace';
import { withoutUserinfo } from '../shared/withoutUserinfo';
import { isStepApplied, runOnce } from '../store/runOneTimeSteps';
import type { OneTimeStep } from '../store/oneTimeStep';
import { upsertSources } from './applyCatalog';
import { checkAlgorithm, checkDigest, digestFileName, isDigestFileName } from './catalogNames';
import { digestOfFile } from './fileDigest';
import { ImageCatalogError } from './imageCatalogError';
import { ImageType, LocalState, type ImageTypeName, type SourceRow } from './imageKinds';
import { storeByDigest } from './importTarball';
import { readTarballMetadata } from './tarballMetadata';

// Seed 001's TransferLocalImages: before schema v3 Wsl-Manager kept each image as
// `<name>.rootfs.tar.gz` next to a JSON metadata file (`<name>.rootfs.tar.gz.json` or
// `<name>.json`). This imports such a folder once (recorded in `patches`): each tarball is hashed,
// copied into the images folder as `<algorithm>_<digest>.rootfs.tar.gz`, matched to an existing
// ImageSource (type/distribution/release, then URL, then digest) or given a new one whose GroupTag
// is the LocalImage Id, and recorded as a Synced LocalImage; a JSON whose tarball is gone becomes a
// NotDownloaded one, as TransferLocalImages does. The originals and their JSON files are removed only
// after the catalog committed. importWslManager uses the same plan for an images.db older than v3.

export interface LegacyMeta {
  name: string;
  type: ImageTypeName;
  distribution: string;
  release: string | null;
  configured: 'TRUE' | 'FALSE';
  username: string | null;
  uid: number | null;
  url: string | null;
  algorithm: string;
  digestSource: 'docker' | 'sums' | 'single' | null;
  digestUrl: string | null;
}

const TYPES = new Set<string>(Object.values(ImageType));

function fromJson(file: string, json: unknown, fallbackName: string): LegacyMeta {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ImageCatalogError(file, 'metadata is not a JSON object');
  const o = json as Record<string, unknown>;
  const s = (k: string): string | null => (typeof o[k] === 'string' && (o[k] as string).trim() ? (o[k] as string).trim() : null);
  const hash = (typeof o.HashSource === 'object' && o.HashSource !== null ? o.HashSource : {}) as Record<string, unknown>;
  const hs = (k: string): string | null => (typeof hash[k] === 'string' ? (hash[k] as string) : null);
  const type = s('Type');
  const ds = (hs('Type') ?? s('DigestSource'))?.toLowerCase() ?? null;
  const url = s('Url');
  return {
    name: s('Name') ?? fallbackName,
    type: type && TYPES.has(type) ? (type as ImageTypeName) : ImageType.Local,
    distribution: (s('Distribution') ?? s('Os') ?? fallbackName).toLowerCase(),
    release: s('Release'),
    configured: o.Configured === true || o.Configured === 'TRUE' || o.Configured === 'True' ? 'TRUE' : 'FALSE',
    username: s('Username'),
    uid: typeof o.Uid === 'number' ? o.Uid : null,
    // A legacy Url may carry user:password@; the catalog never keeps it.
    url: url && /^(https?|docker):\/\//.test(url) ? withoutUserinfo(url) : null,
    algorithm: checkAlgorithm(file, hs('Algorithm') ?? s('DigestAlgorithm') ?? 'SHA256'),
    digestSource: ds === 'docker' || ds === 'sums' || ds === 'single' ? ds : null,
    digestUrl: nullableWithoutUserinfo(hs('Url') ?? s('DigestUrl')),
  };
}

function nullableWithoutUserinfo(url: string | null): string | null {
  return url === null ? null : withoutUserinfo(url);
}

/** One legacy image: a tarball (with or without its JSON), or a JSON whose tarball is gone (`tarball` null). */
export interface LegacyPlanned {
  tarball: string | null;
  jsonFile: string | null;
  meta: LegacyMeta;
  /** Null for a JSON without tarball that names no digest. */
  digest: string | null;
  size: number | null;
  fileName: string | null;
}

type Planned = LegacyPlanned;

/** Wsl-Manager's names after TransferLocalImages (`<digest>.rootfs.tar.gz`, `<ALG>_<digest>…`): not legacy files. */
const TRANSFERRED = /^(?:(?:sha256|sha384|sha512)_)?[0-9a-f]{64,128}\.rootfs\.tar\.gz$/i;

async function readJson(jsonFile: string): Promise<unknown> {
  const text = await readFile(jsonFile, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    // Not V8's message: it quotes the text near the error, which may be a password.
    const place = jsonSyntaxPlace(e, text);
    throw new ImageCatalogError(jsonFile, `malformed JSON${place ? ` at ${place}` : ''}`);
  }
}

/** An image's metadata (an object naming the image), not one of Wsl-Manager's catalog caches (arrays, `{ builtins }`). */
function isImageMetadata(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const o = json as Record<string, unknown>;
  return !('builtins' in o) && ['Name', 'Os', 'Distribution', 'Url'].some((k) => typeof o[k] === 'string');
}

/**
 * What a legacy folder holds: each `*.rootfs.tar.gz` (hashed) with its JSON or with metadata synthesized
 * from its name and os-release, and each image JSON whose tarball is gone, which TransferLocalImages
 * records as NotDownloaded. Reads only; a malformed JSON refuses the whole folder.
 */
export async function planLegacyFolder(folder: string): Promise<LegacyPlanned[]> {
  const names = await readdir(folder);
  const out: Planned[] = [];
  const usedJson = new Set<string>();
  for (const n of names.filter((x) => x.endsWith('.rootfs.tar.gz') && !isDigestFileName(x) && !TRANSFERRED.test(x)).sort()) {
    const tarball = join(folder, n);
    const base = n.slice(0, -'.rootfs.tar.gz'.length);
    const jsonFile = [`${n}.json`, `${base}.json`].map((j) => join(folder, j)).find((j) => existsSync(j)) ?? null;
    let meta: LegacyMeta;
    if (jsonFile) {
      usedJson.add(jsonFile);
      meta = fromJson(jsonFile, await readJson(jsonFile), base);
    } else {
      // New-WslImage-MissingMetadata: synthesize from the file name and the tarball's contents.
      const t = await readTarballMetadata(tarball);
      meta = fromJson(tarball, { Name: base, Distribution: t.distribution ?? base.split(/[.-]/)[0], Release: t.release }, base);
    }
    const { digest, size } = await digestOfFile(tarball, meta.algorithm);
    out.push({ tarball, jsonFile, meta, digest, size, fileName: digestFileName(meta.algorithm, digest, 'rootfs.tar.gz') });
  }
  for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
    const jsonFile = join(folder, n);
    if (usedJson.has(jsonFile)) continue;
    const json = await readJson(jsonFile);
    if (!isImageMetadata(json)) continue;
    const base = n.replace(/(\.rootfs\.tar\.gz)?\.json$/, '');
    const meta = fromJson(jsonFile, json, base);
    out.push({ tarball: null, jsonFile, meta, digest: jsonDigest(json, meta.algorithm), size: null, fileName: null });
  }
  return out;
}

/** The digest a JSON names (FileHash or Digest), when it is one for its algorithm. */
function jsonDigest(json: unknown, algorithm: string): string | null {
  const o = json as Record<string, unknown>;
  const v = [o.FileHash, o.Digest].find((x) => typeof x === 'string') as string | undefined;
  try {
    return v ? checkDigest('digest', algorithm, v.replace(/^sha(256|384|512):/i, '')) : null;
  } catch {
    return null;
  }
}

async function matchSource(em: EntityManager, p: Planned): Promise<ImageSource | null> {
  const m = p.meta;
  const byKey = await em.find(ImageSource, { where: { type: m.type, distribution: m.distribution, configured: m.configured } });
  const sameRelease = byKey.find((s) => s.release !== null && s.release === m.release);
  if (sameRelease) return sameRelease;
  if (m.url) {
    const byUrl = await em.findOne(ImageSource, { where: { url: m.url } });
    if (byUrl) return byUrl;
  }
  return p.digest ? em.findOne(ImageSource, { where: { digest: p.digest } }) : null;
}

export interface LegacyImportResult {
  /** True when this folder had been imported before (the patch is recorded): nothing was done. */
  alreadyImported: boolean;
  imported: LocalImage[];
}

export const legacyPatchName = (folder: string): string => `images.transfer-local-images:${resolve(folder)}`;

/**
 * Records `planned` in the catalog open on `tx` (inside the caller's transaction): each image matched to a
 * source or given a new one (GroupTag = the LocalImage Id), a tarball as a Synced LocalImage, a JSON
 * without tarball as NotDownloaded. An entry the catalog has (same source, same name) is updated.
 */
export async function recordLegacyImages(tx: EntityManager, planned: readonly LegacyPlanned[]): Promise<LocalImage[]> {
  const imported: LocalImage[] = [];
  for (const p of planned) {
    const localId = uuidv7();
    let source = await matchSource(tx, p);
    if (!source) {
      const row: SourceRow = {
        type: p.meta.type, name: p.meta.name, distribution: p.meta.distribution, release: p.meta.release,
        tags: `${p.meta.release ?? 'latest'},legacy:${(p.digest ?? localId).slice(0, 12)}`, configured: p.meta.configured,
        url: p.meta.url ?? `file://${p.tarball ?? p.jsonFile}`, username: p.meta.username, uid: p.meta.uid, localFilename: p.fileName,
        digestSource: p.meta.digestSource, digestAlgorithm: p.meta.algorithm, digestUrl: p.meta.digestUrl,
        digest: p.digest, size: p.size, arch: null, fingerprint: null,
      };
      await upsertSources(tx, [row], () => localId);
      source = await tx.findOneOrFail(ImageSource, {
        where: { type: row.type, distribution: row.distribution, tags: row.tags, configured: row.configured },
      });
    }
    const existing = await tx.findOne(LocalImage, { where: { imageSourceId: source.id, name: p.meta.name } });
    const fields = p.tarball
      ? { state: LocalState.Synced, localFilename: p.fileName, digest: p.digest, digestAlgorithm: p.meta.algorithm, size: p.size }
      : { state: LocalState.NotDownloaded, localFilename: null, digest: p.digest, digestAlgorithm: p.meta.algorithm, size: null };
    if (existing) {
      // A JSON without tarball never downgrades an entry whose file the catalog has.
      if (p.tarball || existing.state === LocalState.NotDownloaded) await tx.update(LocalImage, { id: existing.id }, fields);
      imported.push(await tx.findOneOrFail(LocalImage, { where: { id: existing.id } }));
      continue;
    }
    const row = tx.create(LocalImage, {
      id: localId, imageSourceId: source.id, name: p.meta.name, tags: source.tags, url: p.meta.url ?? source.url,
      type: p.meta.type, configured: p.meta.configured, username: p.meta.username, uid: p.meta.uid,
      distribution: p.meta.distribution, release: p.meta.release, digestSource: p.meta.digestSource,
      digestUrl: p.meta.digestUrl, arch: source.arch, ...fields,
    });
    await tx.insert(LocalImage, row);
    imported.push(row);
  }
  return imported;
}

/** Copies each planned tarball into the images folder under its digest name (verified while copied). */
export async function storeLegacyFiles(catalog: Catalog, imagesDir: string, planned: readonly LegacyPlanned[]): Promise<void> {
  for (const p of planned) if (p.tarball && p.fileName && p.digest) await storeByDigest(catalog, imagesDir, p.tarball, p.fileName, p.meta.algorithm, p.digest);
}

export async function importLegacyFolder(catalog: Catalog, imagesDir: string, folderPath: string): Promise<LegacyImportResult> {
  const folder = resolve(folderPath);
  const probe: OneTimeStep = { kind: 'patch', name: legacyPatchName(folder), run: async () => undefined };
  if (await catalog.read((em) => isStepApplied(em, probe))) return { alreadyImported: true, imported: [] };
  const planned = await planLegacyFolder(folder);
  await storeLegacyFiles(catalog, imagesDir, planned);
  let imported: LocalImage[] = [];
  const ran = await catalog.write((em) => runOnce(em, {
    kind: 'patch',
    name: probe.name,
    run: async (tx) => {
      imported = await recordLegacyImages(tx, planned);
    },
  }));
  if (!ran) return { alreadyImported: true, imported: [] };
  for (const p of planned) {
    if (p.tarball) await rm(p.tarball, { force: true });
    if (p.jsonFile) await rm(p.jsonFile, { force: true });
  }
  return { alreadyImported: false, imported };
}
