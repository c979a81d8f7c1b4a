import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from './decorators';
import { RegistryListing } from './RegistryListing';

/** One repository or tag of a stored listing, in the registry's order; a tag keeps the details shown for it. */
@Entity({ name: 'registry_listing_item' })
@Index('uq_registry_listing_item_listing_name', ['listingId', 'name'], { unique: true })
export class RegistryListingItem {
  @PrimaryColumn({ type: 'text', name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'listing_id' })
  listingId!: string;

  /** Position in the listing as the registry returned it (pages appended in order). */
  @Column({ type: 'integer', name: 'position' })
  position!: number;

  /** Repository name or tag. */
  @Column({ type: 'text', name: 'name' })
  name!: string;

  @Column({ type: 'text', name: 'digest', nullable: true })
  digest!: string | null;

  @Column({ type: 'text', name: 'media_type', nullable: true })
  mediaType!: string | null;

  @Column({ type: 'datetime', name: 'created', nullable: true })
  created!: Date | null;

  @Column({ type: 'integer', name: 'size', nullable: true })
  size!: number | null;

  /** `os/arch[/variant]` joined by commas. */
  @Column({ type: 'text', name: 'platforms', nullable: true })
  platforms!: string | null;

  @Column({ type: 'text', name: 'detail_error', nullable: true })
  detailError!: string | null;

  @ManyToOne(() => RegistryListing, (l) => l.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_registry_listing_item_listing' })
  listing?: RegistryListing;
}
