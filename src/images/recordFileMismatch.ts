import { LocalImage } from '../entities/LocalImage';
import type { Catalog } from '../store/catalog';
import { reconcileLocalImages } from './applyCatalog';
import { ImageType, LocalState } from './imageKinds';

/** What the catalog did about a file whose digest differs from the one recorded. */
export type MismatchOutcome =
  /** The row now records the file's real digest and is Outdated against its source. */
  | { recorded: true; state: string }
  /** Nothing changed: no source to fetch the right file from, or the row has no file. */
  | { recorded: false; reason: string };

/**
 * After a verify found that the file on disk is not what the catalog says: the row records the digest
 * the file really has, so it stops claiming to be its source's image, and reconciling against the
 * source marks it Outdated (Download then fetches the right file and replaces this one). The file is
 * left in place: nothing is deleted on a mismatch. An image without a source keeps its recorded digest,
 * since accepting the new one would make the next verify report a tampered file as a match.
 */
export async function recordFileMismatch(catalog: Catalog, localId: string, actualDigest: string): Promise<MismatchOutcome> {
  return catalog.write(async (em) => {
    const row = await em.findOne(LocalImage, { where: { id: localId } });
    if (!row) return { recorded: false, reason: 'the local image no longer exists' };
    if (row.state === LocalState.NotDownloaded) return { recorded: false, reason: 'the catalog records no downloaded file for it' };
    if (!row.imageSourceId) return { recorded: false, reason: 'it has no source to download the right file from, so the catalog keeps the digest it recorded' };
    await em.update(LocalImage, { id: localId }, { digest: actualDigest.toLowerCase() });
    // Only the images of this one's type can have changed state.
    const type = Object.values(ImageType).find((t) => t === row.type);
    await reconcileLocalImages(em, type);
    const after = await em.findOneOrFail(LocalImage, { where: { id: localId } });
    return { recorded: true, state: after.state };
  });
}
