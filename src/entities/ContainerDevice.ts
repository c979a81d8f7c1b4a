import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from './decorators';
import { Container } from './Container';
import { ContainerDeviceConfig } from './ContainerDeviceConfig';

/** LXD's `containers_devices`; removed with its container, and removes its config. */
@Entity({ name: 'containers_devices' })
@Index('uq_containers_devices_name', ['containerId', 'name'], { unique: true })
export class ContainerDevice {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'container_id' })
  containerId!: number;

  /** Device name (e.g. eth0, root). */
  @Column({ type: 'varchar', length: 255, name: 'name' })
  name!: string;

  /** Device type code: see src/containers/deviceTypes.ts. */
  @Column({ type: 'integer', name: 'type', default: 0 })
  type!: number;

  @ManyToOne(() => Container, (o) => o.devices, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'container_id', foreignKeyConstraintName: 'fk_containers_devices_container_id' })
  container?: Container;

  @OneToMany(() => ContainerDeviceConfig, (c) => c.containerDevice)
  config?: ContainerDeviceConfig[];
}
