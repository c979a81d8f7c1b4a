import { Column, Entity, PrimaryColumn } from './decorators';

/** Wsl-Manager's `ImageSourceCache` (seed 001): last-seen cache headers per catalog type. */
@Entity({ name: 'ImageSourceCache' })
export class ImageSourceCache {
  /** Matches ImageSource.Type (Builtin, Incus, …). */
  @PrimaryColumn({ type: 'text', name: 'Type' })
  type!: string;

  @Column({ type: 'text', name: 'Url', nullable: true })
  url!: string | null;

  /** Unix timestamp (seconds) of the last fetch or 304. */
  @Column({ type: 'integer', name: 'LastUpdate', nullable: true })
  lastUpdate!: number | null;

  @Column({ type: 'text', name: 'Etag', nullable: true })
  etag!: string | null;
}
