import type { EntityManager } from 'typeorm';
import type { ImageSource } from '../entities/ImageSource';
import type { Catalog } from '../store/catalog';

/** An image source as the views read it: the entity's columns, without its relations. */
export type ImageSourceRow = Omit<ImageSource, 'localImages'>;

// Every column under the entity's property name. The table has no boolean or date column TypeORM would
// convert (dates are text, Size and Uid integers), so a raw row is what em.find would hydrate, without
// the per-row cost of hydration (about half the read at 20,000 rows).
const COLUMNS = [
  ['Id', 'id'], ['CreationDate', 'creationDate'], ['UpdateDate', 'updateDate'], ['Name', 'name'], ['Tags', 'tags'],
  ['Url', 'url'], ['Type', 'type'], ['Configured', 'configured'], ['Username', 'username'], ['Uid', 'uid'],
  ['Distribution', 'distribution'], ['Release', 'release'], ['LocalFilename', 'localFilename'], ['DigestSource', 'digestSource'],
  ['DigestAlgorithm', 'digestAlgorithm'], ['DigestUrl', 'digestUrl'], ['Digest', 'digest'], ['GroupTag', 'groupTag'],
  ['Size', 'size'], ['Arch', 'arch'], ['Fingerprint', 'fingerprint'],
].map(([column, property]) => `"${column}" AS "${property}"`).join(', ');

/** Which rows: one distribution, of one type or of every type; nothing given reads them all. */
export interface ImageSourceRowFilter {
  readonly type?: string;
  readonly distribution?: string;
}

/**
 * Image sources, all or those of one distribution (the Image Sources view reads one distribution when it
 * is opened), in the order they were stored (rowid), which is the order a full read returns: the view's
 * sorts are stable, so rows that compare equal stay in this order whichever way they were read.
 */
export function readImageSourceRows(catalog: Catalog, filter: ImageSourceRowFilter = {}): Promise<ImageSourceRow[]> {
  return catalog.read((em) => imageSourceRows(em, filter));
}

/** readImageSourceRows inside a read or write that is already running. */
export async function imageSourceRows(em: EntityManager, filter: ImageSourceRowFilter = {}): Promise<ImageSourceRow[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.type !== undefined) {
    where.push('"Type" = ?');
    params.push(filter.type);
  }
  if (filter.distribution !== undefined) {
    where.push('"Distribution" = ?');
    params.push(filter.distribution);
  }
  const sql = `SELECT ${COLUMNS} FROM "ImageSource"${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY rowid`;
  return (await em.query(sql, params)) as ImageSourceRow[];
}
