import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from './decorators';
import { Registry } from './Registry';

/**
 * A repository the user tracks by hand on a registry that refuses `_catalog` (Docker Hub, GHCR, …),
 * so its tags can still be browsed. Removed with its registry.
 */
@Entity({ name: 'registry_repository' })
@Index('uq_registry_repository_registry_name', ['registryId', 'name'], { unique: true })
export class RegistryRepository {
  /** UUID v7 made in code. */
  @PrimaryColumn({ type: 'text', name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'registry_id' })
  registryId!: string;

  /** Repository path without the host, e.g. `library/alpine`. */
  @Column({ type: 'text', name: 'name' })
  name!: string;

  @Column({ type: 'datetime', name: 'created_at', default: () => 'CURRENT_TIMESTAMP' })
  createdAt!: Date;

  @ManyToOne(() => Registry, (r) => r.repositories, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registry_id', foreignKeyConstraintName: 'fk_registry_repository_registry' })
  registry?: Registry;
}
