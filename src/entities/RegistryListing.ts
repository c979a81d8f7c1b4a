import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from './decorators';
import { Registry } from './Registry';
import { RegistryListingItem } from './RegistryListingItem';

/**
 * What the user last saw of a registry: its repository list (scope '') or one repository's tags
 * (scope = the repository), with when it was read. The Registries view shows it at once and offline;
 * the network only refreshes it. Holds names, digests and dates: never credentials.
 */
@Entity({ name: 'registry_listing' })
@Index('uq_registry_listing_registry_scope', ['registryId', 'scope'], { unique: true })
export class RegistryListing {
  /** UUID v7 made in code. */
  @PrimaryColumn({ type: 'text', name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'registry_id' })
  registryId!: string;

  /** '' for the registry's repositories, else the repository whose tags these are. */
  @Column({ type: 'text', name: 'scope' })
  scope!: string;

  @Column({ type: 'datetime', name: 'read_at' })
  readAt!: Date;

  /** The registry's cursor after the last page read; null when the listing was read to its end. */
  @Column({ type: 'text', name: 'next_cursor', nullable: true })
  nextCursor!: string | null;

  @ManyToOne(() => Registry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registry_id', foreignKeyConstraintName: 'fk_registry_listing_registry' })
  registry?: Registry;

  @OneToMany(() => RegistryListingItem, (i) => i.listing)
  items?: RegistryListingItem[];
}
