import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from './decorators';
import { ContainerConfig } from './ContainerConfig';
import { ContainerDevice } from './ContainerDevice';
import { ContainerProfile } from './ContainerProfile';
import { Engine } from './Engine';

/** 0 = container, 1 = snapshot (LXD keeps snapshots in the same table). */
export const CONTAINER_TYPE_CONTAINER = 0;
export const CONTAINER_TYPE_SNAPSHOT = 1;

/**
 * LXD's `containers`. Additions:
 * - `engine_id` (NOT NULL): names are unique per engine (`uq_containers_engine_name`).
 * - `parent_id`: for a snapshot (type 1, named `parent/snap` as in LXD) the id of its container, so one
 *   container's snapshots are an indexed lookup; deleting the container deletes its snapshots.
 * - `description`, which LXD's API has and YAML export needs.
 * Deleting a container cascades to its config, devices (and their config) and profile links.
 */
@Entity({ name: 'containers' })
@Index('uq_containers_engine_name', ['engineId', 'name'], { unique: true })
export class Container {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'engine_id' })
  engineId!: number;

  @Column({ type: 'varchar', length: 255, name: 'name' })
  name!: string;

  @Column({ type: 'integer', name: 'architecture' })
  architecture!: number;

  @Column({ type: 'integer', name: 'type', default: 0 })
  type!: number;

  @Column({ type: 'boolean', name: 'ephemeral', default: false })
  ephemeral!: boolean;

  @Column({ type: 'boolean', name: 'stateful', default: false })
  stateful!: boolean;

  @Column({ type: 'datetime', name: 'creation_date', nullable: true })
  creationDate!: Date | null;

  @Column({ type: 'datetime', name: 'last_use_date', nullable: true })
  lastUseDate!: Date | null;

  @Index('ix_containers_parent')
  @Column({ type: 'integer', name: 'parent_id', nullable: true })
  parentId!: number | null;

  @Column({ type: 'text', name: 'description', nullable: true })
  description!: string | null;

  @ManyToOne(() => Engine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'engine_id', foreignKeyConstraintName: 'fk_containers_engine' })
  engine?: Engine;

  @ManyToOne(() => Container, (c) => c.snapshots, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_containers_parent' })
  parent?: Container | null;

  @OneToMany(() => Container, (c) => c.parent)
  snapshots?: Container[];

  @OneToMany(() => ContainerConfig, (c) => c.container)
  config?: ContainerConfig[];

  @OneToMany(() => ContainerDevice, (d) => d.container)
  devices?: ContainerDevice[];

  @OneToMany(() => ContainerProfile, (p) => p.container)
  profiles?: ContainerProfile[];
}
