import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { imagesFolderFor } from '../images/imagesFolder';
import { LocalState } from '../images/imageKinds';
import { readLocalImage } from '../images/readLocalImage';
import { readTarballMetadata } from '../images/tarballMetadata';
import type { Catalog } from '../store/catalog';
import type { EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { EngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import { lxdAliasTarget, lxdHasImage, uploadFingerprint, uploadLxdImage, type LxdImageUpload } from './lxdImageUpload';
import { splitMetadataTarball } from './lxdSplitMetadata';
import { streamedBody } from './streamedBody';
import { syncEngine } from './syncEngine';

export interface ImportLocalResult {
  readonly engine: string;
  /** LXD: the alias; Podman/Docker: the repo:tag. */
  readonly name: string;
  /** LXD: the fingerprint; Podman/Docker: the image id. */
  readonly id: string;
  /** LXD held that very image already (same fingerprint): only the alias was added. */
  readonly existed: boolean;
}

// An LXD alias: no slash-free rule beyond these (LXD refuses "/" and control characters; we keep it tame).
const ALIAS = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
// A Docker reference's repository and tag (lower-case path components; tag per the distribution spec).
const REPO = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The name an import gets by default, from the row: `debian-12` (LXD alias) or `debian:12` (repo:tag). */
export function defaultImportName(kind: 'lxd' | 'podman' | 'docker', row: { distribution: string | null; release: string | null; name: string }): string {
  const clean = (s: string): string => s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  const distro = clean(row.distribution ?? '') || clean(row.name.replace(/\.(tar(\.\w+)?|tgz)$/i, '')) || 'imported';
  const release = clean(row.release ?? '');
  if (kind === 'lxd') return release ? `${distro}-${release}` : distro;
  return `${distro}:${release || 'latest'}`;
}

/** Why `name` would be refused by the engine, or undefined when it is fine. */
export function importNameProblem(kind: 'lxd' | 'podman' | 'docker', name: string): string | undefined {
  if (kind === 'lxd') return ALIAS.test(name) ? undefined : 'An LXD image alias is letters, digits, ".", "_", ":" and "-" (at most 128), starting with a letter or digit.';
  const colon = name.lastIndexOf(':');
  const repo = colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : 'latest';
  return REPO.test(repo) && TAG.test(tag) ? undefined : 'An image name is lower-case path parts (letters, digits, ".", "_", "-") and an optional ":tag".';
}

/**
 * Imports a downloaded local image (its file in the catalog's images folder) into an engine, then syncs
 * the engine so the catalog shows it:
 * - LXD: an LXD tarball (metadata.yaml + rootfs/) as it is; a plain rootfs as a split image whose
 *   metadata.yaml is made from the row's distribution, release and architecture. The alias is checked
 *   free before the upload, and an upload whose alias then fails is deleted again.
 * - Podman/Docker: the tarball imported as the image `name` (repo:tag): Docker's `images/create?fromSrc=-`,
 *   Podman's libpod import (whose short names live under localhost/).
 */
export async function importLocalImage(
  catalog: Catalog,
  e: EngineRecord,
  ctx: EngineContext,
  localImageId: string,
  name: string,
): Promise<ImportLocalResult> {
  if (e.kind === 'catalog') throw new EngineError('api', `${e.name} lives only in the catalog; import into a connected engine.`);
  const problem = importNameProblem(e.kind, name);
  if (problem) throw new EngineError('api', `"${name}": ${problem}`);
  const row = await readLocalImage(catalog, localImageId);
  if (!row) throw new EngineError('api', `No local image ${localImageId} in the catalog.`);
  if (row.state === LocalState.NotDownloaded || !row.localFilename) throw new EngineError('api', `${row.name} is not downloaded; download it first.`);
  const file = join(imagesFolderFor(catalog.file), row.localFilename);
  // The file is only stat'ed here: it is hashed and sent as a stream (an image is often gigabytes).
  const st = await stat(file).catch((err: Error) => {
    throw new EngineError('api', `The file of ${row.name} cannot be read (${err.message}); download it again.`);
  });
  const tarball = { file, size: st.size };
  const conn = await openEngine(e, ctx);
  let result: ImportLocalResult;
  try {
    if (conn.kind === 'lxd') {
      const meta = await readTarballMetadata(file);
      const upload: LxdImageUpload = meta.from === 'metadata.yaml'
        ? { kind: 'unified', tarball }
        : {
          kind: 'split',
          rootfs: tarball,
          // The row's update date as the creation date: the same file imports to the same fingerprint.
          metadata: await splitMetadataTarball(
            { distribution: row.distribution ?? meta.distribution ?? 'unknown', release: row.release ?? meta.release, arch: row.arch ?? meta.arch, description: `${row.name} (imported by Container Catalog)` },
            dateOf(row.updateDate),
          ),
        };
      const fingerprint = await uploadFingerprint(upload);
      const target = await lxdAliasTarget(conn.lxd, name);
      if (target !== undefined && target !== fingerprint) throw new EngineError('api', `LXD already has an image alias "${name}" (for another image); choose another name.`);
      const existed = await lxdHasImage(conn.lxd, fingerprint);
      const got = existed ? fingerprint : await uploadLxdImage(conn.lxd, upload, row.localFilename);
      if (target === undefined) {
        const res = await conn.lxd.rawRequest('POST', '/1.0/images/aliases', Buffer.from(JSON.stringify({ name, target: got, description: row.name })));
        if (res.status >= 400) {
          if (!existed) await conn.lxd.rawRequest('DELETE', `/1.0/images/${encodeURIComponent(got)}`).catch(() => undefined);
          throw new EngineError('api', `LXD refused the alias "${name}": ${res.body.toString('utf8').slice(0, 300)}`, res.status);
        }
      }
      result = { engine: e.name, name, id: got, existed };
    } else {
      if ((await readTarballMetadata(file)).from === 'metadata.yaml') {
        throw new EngineError('api', `${row.name} is an LXD image (metadata.yaml and rootfs/), not a plain root file system; import it into LXD.`);
      }
      const reference = name.includes(':') && name.lastIndexOf(':') > name.lastIndexOf('/') ? name : `${name}:latest`;
      const colon = reference.lastIndexOf(':');
      await conn.docker.importImage(reference.slice(0, colon), reference.slice(colon + 1), streamedBody([tarball]), conn.kind === 'podman');
      const id = await conn.docker.imageId(reference);
      if (!id) throw new EngineError('api', `${e.name} reported the import done but does not hold ${reference}.`);
      result = { engine: e.name, name: reference, id, existed: false };
    }
  } finally {
    conn.close();
  }
  try {
    await syncEngine(catalog, e, ctx);
  } catch (err) {
    ctx.logger?.warn(`Syncing ${e.name} after the import failed: ${(err as Error).message}`);
  }
  return result;
}

function dateOf(s: string): Date {
  const d = new Date(/Z|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}
