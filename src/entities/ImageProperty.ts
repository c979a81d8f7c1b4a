import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { Image } from './Image';

/** LXD's `images_properties` (key/value, type 0 = string, 1 = text); removed with its image. */
@Entity({ name: 'images_properties' })
@Index('ix_images_properties_image_key', ['imageId', 'key'])
export class ImageProperty {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'image_id' })
  imageId!: number;

  @Column({ type: 'integer', name: 'type', default: 0 })
  type!: number;

  @Column({ type: 'varchar', length: 255, name: 'key' })
  key!: string;

  @Column({ type: 'text', name: 'value', nullable: true })
  value!: string | null;

  @ManyToOne(() => Image, (i) => i.properties, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'image_id', foreignKeyConstraintName: 'fk_images_properties_image_id' })
  image?: Image;
}
