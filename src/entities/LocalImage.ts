import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from './decorators';
import { ImageSource } from './ImageSource';

/**
 * Wsl-Manager's `LocalImage` (seed 001): images present (or expected) on disk.
 * `ImageSourceId` → ImageSource.Id ON DELETE SET NULL keeps local entries when their source goes.
 * Uniqueness: the seed's index `uq_LocalImage_ImageSourceId_Name` (ImageSourceId, Name), plus the
 * partial index `uq_LocalImage_Name_orphan` (Name WHERE ImageSourceId IS NULL), because SQLite treats
 * NULLs as distinct. Consequence: deleting a source fails with a UNIQUE error when one of its local
 * images has the same Name as an existing orphan; the images service resolves that first.
 */
@Entity({ name: 'LocalImage' })
@Index('uq_LocalImage_ImageSourceId_Name', ['imageSourceId', 'name'], { unique: true })
export class LocalImage {
  @PrimaryColumn({ type: 'text', name: 'Id' })
  id!: string;

  @Column({ type: 'text', name: 'ImageSourceId', nullable: true })
  imageSourceId!: string | null;

  @Column({ type: 'text', name: 'CreationDate', default: () => 'CURRENT_TIMESTAMP' })
  creationDate!: string;

  @Column({ type: 'text', name: 'UpdateDate', default: () => 'CURRENT_TIMESTAMP' })
  updateDate!: string;

  @Column({ type: 'text', name: 'Name' })
  name!: string;

  @Column({ type: 'text', name: 'Tags', nullable: true })
  tags!: string | null;

  @Column({ type: 'text', name: 'Url', nullable: true })
  url!: string | null;

  /** Synced, NotDownloaded or Outdated. */
  @Column({ type: 'text', name: 'State', default: 'NotDownloaded' })
  state!: string;

  @Column({ type: 'text', name: 'Type', nullable: true })
  type!: string | null;

  @Column({ type: 'text', name: 'Configured', default: 'FALSE' })
  configured!: string;

  @Column({ type: 'text', name: 'Username', nullable: true })
  username!: string | null;

  @Column({ type: 'integer', name: 'Uid', nullable: true })
  uid!: number | null;

  @Column({ type: 'text', name: 'Distribution', nullable: true })
  distribution!: string | null;

  @Column({ type: 'text', name: 'Release', nullable: true })
  release!: string | null;

  @Column({ type: 'text', name: 'LocalFilename', nullable: true })
  localFilename!: string | null;

  @Column({ type: 'text', name: 'DigestSource', nullable: true })
  digestSource!: string | null;

  @Column({ type: 'text', name: 'DigestAlgorithm', nullable: true, default: 'SHA256' })
  digestAlgorithm!: string | null;

  @Column({ type: 'text', name: 'DigestUrl', nullable: true })
  digestUrl!: string | null;

  @Column({ type: 'text', name: 'Digest', nullable: true })
  digest!: string | null;

  @Column({ type: 'integer', name: 'Size', nullable: true })
  size!: number | null;

  /** Addition, copied from the source: architecture. */
  @Column({ type: 'text', name: 'Arch', nullable: true })
  arch!: string | null;

  @ManyToOne(() => ImageSource, (s) => s.localImages, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'ImageSourceId', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_LocalImage_ImageSource' })
  imageSource?: ImageSource | null;
}
