import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { Image } from './Image';

/**
 * LXD's `images_source`: where an LXD image was fetched from. Named LxdImageSource in code so it is
 * not confused with Wsl-Manager's ImageSource; the table keeps LXD's name. Removed with its image.
 */
@Entity({ name: 'images_source' })
export class LxdImageSource {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Index('ix_images_source_image')
  @Column({ type: 'integer', name: 'image_id' })
  imageId!: number;

  @Column({ type: 'text', name: 'server' })
  server!: string;

  /** 0 = lxd, 1 = direct, 2 = simplestreams. */
  @Column({ type: 'integer', name: 'protocol', default: 0 })
  protocol!: number;

  @Column({ type: 'text', name: 'certificate', nullable: true })
  certificate!: string | null;

  @Column({ type: 'varchar', length: 255, name: 'alias' })
  alias!: string;

  @ManyToOne(() => Image, (i) => i.sources, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'image_id', foreignKeyConstraintName: 'fk_images_source_image_id' })
  image?: Image;
}
