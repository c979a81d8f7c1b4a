import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from './decorators';
import { StoragePool } from './StoragePool';
import { StorageVolumeConfig } from './StorageVolumeConfig';

/** LXD's `storage_volumes`; removed with its pool. (name, type) is unique within a pool. */
@Entity({ name: 'storage_volumes' })
@Index('uq_storage_volumes_pool_name_type', ['storagePoolId', 'name', 'type'], { unique: true })
export class StorageVolume {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'storage_pool_id' })
  storagePoolId!: number;

  @Column({ type: 'varchar', length: 255, name: 'name' })
  name!: string;

  /** LXD volume type code (0 container, 1 image, 2 custom). */
  @Column({ type: 'integer', name: 'type' })
  type!: number;

  @Column({ type: 'text', name: 'description', nullable: true })
  description!: string | null;

  @ManyToOne(() => StoragePool, (p) => p.volumes, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'storage_pool_id', foreignKeyConstraintName: 'fk_storage_volumes_storage_pool_id' })
  storagePool?: StoragePool;

  @OneToMany(() => StorageVolumeConfig, (c) => c.storageVolume)
  config?: StorageVolumeConfig[];
}
