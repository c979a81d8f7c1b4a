import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from './decorators';
import { Engine } from './Engine';
import { StoragePoolConfig } from './StoragePoolConfig';
import { StorageVolume } from './StorageVolume';

/** LXD's `storage_pools`. Addition: `engine_id` (NOT NULL), names unique per engine. */
@Entity({ name: 'storage_pools' })
@Index('uq_storage_pools_engine_name', ['engineId', 'name'], { unique: true })
export class StoragePool {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'engine_id' })
  engineId!: number;

  @Column({ type: 'varchar', length: 255, name: 'name' })
  name!: string;

  @Column({ type: 'varchar', length: 255, name: 'driver' })
  driver!: string;

  @ManyToOne(() => Engine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'engine_id', foreignKeyConstraintName: 'fk_storage_pools_engine' })
  engine?: Engine;

  @OneToMany(() => StoragePoolConfig, (c) => c.storagePool)
  config?: StoragePoolConfig[];

  @OneToMany(() => StorageVolume, (v) => v.storagePool)
  volumes?: StorageVolume[];
}
