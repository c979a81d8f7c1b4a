import { Column, Entity, Index, OneToMany, PrimaryColumn } from './decorators';
import { LocalImage } from './LocalImage';

/**
 * Wsl-Manager's `ImageSource` (seed 001): every image a source offers.
 * Primary key (Type, Distribution, Tags, Configured) as in Wsl-Manager schema v7; `Id` is also unique
 * and is what LocalImage references. The key columns are NOT NULL because SQLite would let NULLs
 * repeat inside a key.
 * CreationDate/UpdateDate: defaults plus the trigger `trg_ImageSource_UpdateDate`, so raw upserts
 * (`INSERT … ON CONFLICT DO UPDATE`) keep UpdateDate current too, not only TypeORM saves.
 * `Arch` and `Fingerprint` are additions for simplestreams (issue 5): the product's architecture and
 * LXD's combined fingerprint; both nullable.
 */
@Entity({ name: 'ImageSource' })
export class ImageSource {
  /** UUID made in code (v7). */
  @Index('uq_ImageSource_Id', { unique: true })
  @Column({ type: 'text', name: 'Id' })
  id!: string;

  @Column({ type: 'text', name: 'CreationDate', default: () => 'CURRENT_TIMESTAMP' })
  creationDate!: string;

  @Column({ type: 'text', name: 'UpdateDate', default: () => 'CURRENT_TIMESTAMP' })
  updateDate!: string;

  @Column({ type: 'text', name: 'Name', nullable: true })
  name!: string | null;

  /** Comma-separated tags; part of the key (replaces Release since Wsl-Manager schema v7). */
  @PrimaryColumn({ type: 'text', name: 'Tags', default: '' })
  tags!: string;

  @Column({ type: 'text', name: 'Url', nullable: true })
  url!: string | null;

  /** Builtin, Incus, Docker, Uri, Local. */
  @PrimaryColumn({ type: 'text', name: 'Type' })
  type!: string;

  /** 'TRUE' or 'FALSE', as Wsl-Manager stores it. */
  @PrimaryColumn({ type: 'text', name: 'Configured', default: 'FALSE' })
  configured!: string;

  @Column({ type: 'text', name: 'Username', nullable: true })
  username!: string | null;

  @Column({ type: 'integer', name: 'Uid', nullable: true })
  uid!: number | null;

  @PrimaryColumn({ type: 'text', name: 'Distribution' })
  distribution!: string;

  @Column({ type: 'text', name: 'Release', nullable: true })
  release!: string | null;

  @Column({ type: 'text', name: 'LocalFilename', nullable: true })
  localFilename!: string | null;

  /** docker, sums or single. */
  @Column({ type: 'text', name: 'DigestSource', nullable: true })
  digestSource!: string | null;

  @Column({ type: 'text', name: 'DigestAlgorithm', nullable: true, default: 'SHA256' })
  digestAlgorithm!: string | null;

  @Column({ type: 'text', name: 'DigestUrl', nullable: true })
  digestUrl!: string | null;

  @Column({ type: 'text', name: 'Digest', nullable: true })
  digest!: string | null;

  /** Refresh batch (the catalog's ETag); rows of the same Type with another GroupTag are purged. */
  @Column({ type: 'text', name: 'GroupTag', nullable: true })
  groupTag!: string | null;

  @Column({ type: 'integer', name: 'Size', nullable: true })
  size!: number | null;

  /** Addition: architecture of the item (simplestreams `arch`, e.g. amd64). */
  @Column({ type: 'text', name: 'Arch', nullable: true })
  arch!: string | null;

  /** Addition: LXD's combined fingerprint (simplestreams `combined_squashfs_sha256` / `combined_sha256`). */
  @Column({ type: 'text', name: 'Fingerprint', nullable: true })
  fingerprint!: string | null;

  @OneToMany(() => LocalImage, (l) => l.imageSource)
  localImages?: LocalImage[];
}
