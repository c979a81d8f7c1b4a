import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { Not } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { ImageSource } from '../entities/ImageSource';
import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import { deleteSources } from './applyCatalog';
import { isDigestFileName } from './catalogNames';
import { ImageCatalogError } from './imageCatalogError';
import { LocalState } from './imageKinds';

/**
 * Seed 001's CreateLocalImageFromImageSource: a NotDownloaded LocalImage cloned from its source.
 * The unique index (ImageSourceId, Name) makes it idempotent: an existing entry is returned.
 */
export async function createLocalImageFromImageSource(em: EntityManager, source: ImageSource): Promise<LocalImage> {
  const name = source.name ?? `${source.distribution} ${source.tags}`;
  const existing = await em.findOne(LocalImage, { where: { imageSourceId: source.id, name } });
  if (existing) return existing;
  const row = em.create(LocalImage, {
    id: uuidv7(),
    imageSourceId: source.id,
    name,
    tags: source.tags,
    url: source.url,
    state: LocalState.NotDownloaded,
    type: source.type,
    configured: source.configured,
    username: source.username,
    uid: source.uid,
    distribution: source.distribution,
    release: source.release,
    localFilename: source.localFilename,
    digestSource: source.digestSource,
    digestAlgorithm: source.digestAlgorithm,
    digestUrl: source.digestUrl,
    digest: source.digest,
    size: source.size,
    arch: source.arch,
  });
  await em.insert(LocalImage, row);
  return row;
}

/** Whether any LocalImage other than `exceptId` has its file on disk under `localFilename`. */
export async function fileInUse(em: EntityManager, localFilename: string, exceptId: string): Promise<boolean> {
  const n = await em.count(LocalImage, {
    where: [
      { localFilename, id: Not(exceptId), state: LocalState.Synced },
      { localFilename, id: Not(exceptId), state: LocalState.Outdated },
    ],
  });
  return n > 0;
}

/** Removes a file of the images folder, only if its name is one we write (never a path from elsewhere). */
export async function removeImageFile(imagesDir: string, localFilename: string): Promise<boolean> {
  if (!isDigestFileName(localFilename)) return false;
  await rm(join(imagesDir, localFilename), { force: true });
  return true;
}

/**
 * Deletes a local image. Its file is removed only when no other entry uses it (two entries with
 * the same digest share one file: Wsl-Manager bug #47). The row goes first; the file after the
 * commit, so a crash in between leaves at worst an unused file, never a row without its file.
 */
export async function deleteLocalImage(
  catalog: Catalog,
  imagesDir: string,
  id: string,
): Promise<{ name: string; fileRemoved: boolean; sharedWith: number }> {
  const r = await catalog.write(async (em) => {
    const img = await em.findOne(LocalImage, { where: { id } });
    if (!img) throw new ImageCatalogError(`local image ${id}`, 'does not exist');
    const file = img.state === LocalState.NotDownloaded ? null : img.localFilename;
    const sharedWith = file
      ? await em.count(LocalImage, {
        where: [
          { localFilename: file, id: Not(id), state: LocalState.Synced },
          { localFilename: file, id: Not(id), state: LocalState.Outdated },
        ],
      })
      : 0;
    await em.delete(LocalImage, { id });
    return { name: img.name, file, sharedWith };
  });
  const fileRemoved = r.file !== null && r.sharedWith === 0 ? await removeImageFile(imagesDir, r.file) : false;
  return { name: r.name, fileRemoved, sharedWith: r.sharedWith };
}

/** Deletes an image source; its local images stay (their ImageSourceId becomes NULL). */
export async function deleteImageSource(catalog: Catalog, id: string): Promise<void> {
  await catalog.write(async (em) => {
    const n = await deleteSources(em, `"Id" = ?`, [id]);
    if (n === 0) throw new ImageCatalogError(`image source ${id}`, 'does not exist');
  });
}
