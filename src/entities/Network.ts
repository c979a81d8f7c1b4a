import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from './decorators';
import { Engine } from './Engine';
import { NetworkConfig } from './NetworkConfig';

/** LXD's `networks`. Addition: `engine_id` (NOT NULL), names unique per engine. */
@Entity({ name: 'networks' })
@Index('uq_networks_engine_name', ['engineId', 'name'], { unique: true })
export class Network {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'engine_id' })
  engineId!: number;

  @Column({ type: 'varchar', length: 255, name: 'name' })
  name!: string;

  @Column({ type: 'text', name: 'description', nullable: true })
  description!: string | null;

  @ManyToOne(() => Engine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'engine_id', foreignKeyConstraintName: 'fk_networks_engine' })
  engine?: Engine;

  @OneToMany(() => NetworkConfig, (c) => c.network)
  config?: NetworkConfig[];
}
