import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { StoragePool } from './StoragePool';

/** LXD's `storage_pools_config`. */
@Entity({ name: 'storage_pools_config' })
@Index('uq_storage_pools_config_key', ['storagePoolId', 'key'], { unique: true })
export class StoragePoolConfig {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'storage_pool_id' })
  storagePoolId!: number;

  @Column({ type: 'varchar', length: 255, name: 'key' })
  key!: string;

  /** NULL for unset. */
  @Column({ type: 'text', name: 'value', nullable: true })
  value!: string | null;

  @ManyToOne(() => StoragePool, (o) => o.config, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'storage_pool_id', foreignKeyConstraintName: 'fk_storage_pools_config_storage_pool_id' })
  storagePool?: StoragePool;
}
