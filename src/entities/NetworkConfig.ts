import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { Network } from './Network';

/** LXD's `networks_config`. */
@Entity({ name: 'networks_config' })
@Index('uq_networks_config_key', ['networkId', 'key'], { unique: true })
export class NetworkConfig {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'network_id' })
  networkId!: number;

  @Column({ type: 'varchar', length: 255, name: 'key' })
  key!: string;

  /** NULL for unset. */
  @Column({ type: 'text', name: 'value', nullable: true })
  value!: string | null;

  @ManyToOne(() => Network, (o) => o.config, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id', foreignKeyConstraintName: 'fk_networks_config_network_id' })
  network?: Network;
}
