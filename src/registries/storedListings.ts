import { v7 } from 'uuid';
import { RegistryListing } from '../entities/RegistryListing';
import { RegistryListingItem } from '../entities/RegistryListingItem';
import type { Catalog } from '../store/catalog';
import { registryChangeKey } from './registryChangeKey';

/** One repository or tag as the Registries view last read it. */
export interface StoredItem {
  readonly name: string;
  readonly digest?: string;
  readonly mediaType?: string;
  readonly created?: Date;
  readonly size?: number;
  readonly platforms?: readonly string[];
  readonly detailError?: string;
}

export interface StoredListing {
  readonly readAt: Date;
  /** Where the registry's listing goes on after what is stored; undefined when it was read to the end. */
  readonly next?: string;
  readonly items: readonly StoredItem[];
}

/** The scope of a registry's repository list; a repository's tags use the repository name. */
export const REPOSITORIES = '';

/** The listing stored for a registry's repositories (scope '') or a repository's tags; undefined when never read. */
export async function readStoredListing(catalog: Catalog, registryId: string, scope: string): Promise<StoredListing | undefined> {
  return catalog.read(async (em) => {
    const listing = await em.findOneBy(RegistryListing, { registryId, scope });
    if (!listing) return undefined;
    const rows = await em.find(RegistryListingItem, { where: { listingId: listing.id }, order: { position: 'ASC' } });
    return { readAt: listing.readAt, next: listing.nextCursor ?? undefined, items: rows.map(fromRow) };
  });
}

/**
 * Stores what was just read: `append` adds a further page ("Load more") after what is there, else the
 * listing is replaced. Nothing is written when the stored listing already says the same (only its
 * read time would move): a re-read that changed nothing costs no file save. Returns whether it wrote.
 */
export async function storeListing(catalog: Catalog, registryId: string, scope: string, page: { items: readonly StoredItem[]; next?: string }, append = false): Promise<boolean> {
  const current = await readStoredListing(catalog, registryId, scope);
  const items = append && current ? [...current.items.filter((i) => !page.items.some((p) => p.name === i.name)), ...page.items] : page.items;
  if (current && sameListing(current, items, page.next)) return false;
  // The view that read the listing already shows it: the hint tells it this write needs no redraw.
  await catalog.write(async (em) => {
    let listing = await em.findOneBy(RegistryListing, { registryId, scope });
    if (listing) {
      await em.delete(RegistryListingItem, { listingId: listing.id });
      await em.update(RegistryListing, { id: listing.id }, { readAt: new Date(), nextCursor: page.next ?? null });
    } else {
      listing = em.create(RegistryListing, { id: v7(), registryId, scope, readAt: new Date(), nextCursor: page.next ?? null });
      await em.insert(RegistryListing, listing);
    }
    const listingId = listing.id;
    const rows = items.map((item, position) => em.create(RegistryListingItem, toRow(listingId, position, item)));
    // Chunked: SQLite caps the bound parameters of one statement.
    for (let i = 0; i < rows.length; i += 80) await em.insert(RegistryListingItem, rows.slice(i, i + 80));
  }, { touched: [registryChangeKey.stored(registryId)] });
  return true;
}

function sameListing(current: StoredListing, items: readonly StoredItem[], next: string | undefined): boolean {
  if ((current.next ?? undefined) !== next || current.items.length !== items.length) return false;
  return current.items.every((a, i) => JSON.stringify(normal(a)) === JSON.stringify(normal(items[i])));
}

function normal(i: StoredItem): unknown[] {
  return [i.name, i.digest ?? null, i.mediaType ?? null, i.created?.getTime() ?? null, i.size ?? null, i.platforms?.join(',') || null, i.detailError ?? null];
}

function toRow(listingId: string, position: number, i: StoredItem): Partial<RegistryListingItem> {
  return {
    id: v7(),
    listingId,
    position,
    name: i.name,
    digest: i.digest ?? null,
    mediaType: i.mediaType ?? null,
    created: i.created ?? null,
    size: i.size ?? null,
    platforms: i.platforms?.length ? i.platforms.join(',') : null,
    detailError: i.detailError ?? null,
  };
}

function fromRow(r: RegistryListingItem): StoredItem {
  return {
    name: r.name,
    digest: r.digest ?? undefined,
    mediaType: r.mediaType ?? undefined,
    created: r.created ? new Date(r.created) : undefined,
    size: r.size ?? undefined,
    platforms: r.platforms ? r.platforms.split(',') : undefined,
    detailError: r.detailError ?? undefined,
  };
}
