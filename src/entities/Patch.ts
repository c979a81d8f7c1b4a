import { Column, Entity, Index, PrimaryGeneratedColumn } from './decorators';

/** LXD's `patches` table: one-time data steps, recorded when applied. */
@Entity({ name: 'patches' })
export class Patch {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Index('uq_patches_name', { unique: true })
  @Column({ type: 'varchar', length: 255, name: 'name' })
  name!: string;

  @Column({ type: 'datetime', name: 'applied_at' })
  appliedAt!: Date;
}
