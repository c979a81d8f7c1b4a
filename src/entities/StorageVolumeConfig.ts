import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { StorageVolume } from './StorageVolume';

/** LXD's `storage_volumes_config`. */
@Entity({ name: 'storage_volumes_config' })
@Index('uq_storage_volumes_config_key', ['storageVolumeId', 'key'], { unique: true })
export class StorageVolumeConfig {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'storage_volume_id' })
  storageVolumeId!: number;

  @Column({ type: 'varchar', length: 255, name: 'key' })
  key!: string;

  /** NULL for unset. */
  @Column({ type: 'text', name: 'value', nullable: true })
  value!: string | null;

  @ManyToOne(() => StorageVolume, (o) => o.config, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'storage_volume_id', foreignKeyConstraintName: 'fk_storage_volumes_config_storage_volume_id' })
  storageVolume?: StorageVolume;
}
