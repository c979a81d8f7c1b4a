import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { Container } from './Container';

/** LXD's `containers_config`: key/value config of a container; removed with it. */
@Entity({ name: 'containers_config' })
@Index('uq_containers_config_key', ['containerId', 'key'], { unique: true })
// Config lookups by key across containers (e.g. volatile.base_image, image.os).
@Index('ix_containers_config_key_value', ['key', 'value'])
export class ContainerConfig {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'container_id' })
  containerId!: number;

  @Column({ type: 'varchar', length: 255, name: 'key' })
  key!: string;

  /** NULL for unset. */
  @Column({ type: 'text', name: 'value', nullable: true })
  value!: string | null;

  @ManyToOne(() => Container, (o) => o.config, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'container_id', foreignKeyConstraintName: 'fk_containers_config_container_id' })
  container?: Container;
}
