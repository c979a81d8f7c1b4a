import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from './decorators';
import { Engine } from './Engine';
import { ImageAlias } from './ImageAlias';
import { ImageProperty } from './ImageProperty';
import { LxdImageSource } from './LxdImageSource';

/** LXD's `images`. Addition: `engine_id` (NOT NULL); the fingerprint is unique per engine. */
@Entity({ name: 'images' })
@Index('uq_images_engine_fingerprint', ['engineId', 'fingerprint'], { unique: true })
export class Image {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'engine_id' })
  engineId!: number;

  @Column({ type: 'boolean', name: 'cached', default: false })
  cached!: boolean;

  @Column({ type: 'varchar', length: 255, name: 'fingerprint' })
  fingerprint!: string;

  @Column({ type: 'varchar', length: 255, name: 'filename' })
  filename!: string;

  @Column({ type: 'integer', name: 'size' })
  size!: number;

  @Column({ type: 'boolean', name: 'public', default: false })
  public!: boolean;

  @Column({ type: 'boolean', name: 'auto_update', default: false })
  autoUpdate!: boolean;

  @Column({ type: 'integer', name: 'architecture' })
  architecture!: number;

  @Column({ type: 'datetime', name: 'creation_date', nullable: true })
  creationDate!: Date | null;

  @Column({ type: 'datetime', name: 'expiry_date', nullable: true })
  expiryDate!: Date | null;

  @Column({ type: 'datetime', name: 'upload_date' })
  uploadDate!: Date;

  @Column({ type: 'datetime', name: 'last_use_date', nullable: true })
  lastUseDate!: Date | null;

  /**
   * Addition (schema 4): the last "check for outdated engine images" found that the image's source (its
   * registry tag, or its simplestreams alias) now serves another build. Kept across syncs; a sync clears
   * it when the image no longer has a tag or an update source to compare.
   */
  @Column({ type: 'boolean', name: 'outdated', default: false })
  outdated!: boolean;

  /** Addition (schema 4): what the source served at the last check (manifest digest or LXD fingerprint). */
  @Column({ type: 'varchar', length: 255, name: 'upstream_digest', nullable: true })
  upstreamDigest!: string | null;

  /** Addition (schema 4): the ETags of the source's files at the last check (simplestreams), JSON `{url: etag}`. */
  @Column({ type: 'text', name: 'upstream_etags', nullable: true })
  upstreamEtags!: string | null;

  /** Addition (schema 4): when the source was last checked. */
  @Column({ type: 'datetime', name: 'upstream_checked_at', nullable: true })
  upstreamCheckedAt!: Date | null;

  @ManyToOne(() => Engine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'engine_id', foreignKeyConstraintName: 'fk_images_engine' })
  engine?: Engine;

  @OneToMany(() => ImageAlias, (a) => a.image)
  aliases?: ImageAlias[];

  @OneToMany(() => ImageProperty, (p) => p.image)
  properties?: ImageProperty[];

  @OneToMany(() => LxdImageSource, (s) => s.image)
  sources?: LxdImageSource[];
}
