import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { Image } from './Image';

/**
 * LXD's `images_aliases`; removed with its image. LXD makes the name unique per server; without an
 * engine column here the catalog makes it unique per image, and the engines service keeps names
 * unique within an engine.
 */
@Entity({ name: 'images_aliases' })
@Index('uq_images_aliases_image_name', ['imageId', 'name'], { unique: true })
export class ImageAlias {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Index('ix_images_aliases_name')
  @Column({ type: 'varchar', length: 255, name: 'name' })
  name!: string;

  @Column({ type: 'integer', name: 'image_id' })
  imageId!: number;

  @Column({ type: 'varchar', length: 255, name: 'description', nullable: true })
  description!: string | null;

  @ManyToOne(() => Image, (i) => i.aliases, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'image_id', foreignKeyConstraintName: 'fk_images_aliases_image_id' })
  image?: Image;
}
