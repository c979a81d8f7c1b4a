import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { ContainerDevice } from './ContainerDevice';

/** LXD's `containers_devices_config`: key/value config of a container device (e.g. nic `network`/`parent`); removed with it. */
@Entity({ name: 'containers_devices_config' })
@Index('uq_containers_devices_config_key', ['containerDeviceId', 'key'], { unique: true })
// The br0 query: nic devices whose `network` or `parent` = X.
@Index('ix_containers_devices_config_key_value', ['key', 'value'])
export class ContainerDeviceConfig {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'container_device_id' })
  containerDeviceId!: number;

  @Column({ type: 'varchar', length: 255, name: 'key' })
  key!: string;

  /** NULL for unset. */
  @Column({ type: 'text', name: 'value', nullable: true })
  value!: string | null;

  @ManyToOne(() => ContainerDevice, (o) => o.config, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'container_device_id', foreignKeyConstraintName: 'fk_containers_devices_config_container_device_id' })
  containerDevice?: ContainerDevice;
}
