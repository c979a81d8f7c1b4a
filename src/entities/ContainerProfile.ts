import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { Container } from './Container';
import { Profile } from './Profile';

/**
 * LXD's `containers_profiles`: profiles applied to a container, in `apply_order`.
 * Removed with the container; a profile that is still linked cannot be deleted.
 * `ix_containers_profiles_profile` serves "which containers use profile X" and the br0 query.
 */
@Entity({ name: 'containers_profiles' })
@Index('uq_containers_profiles_container_profile', ['containerId', 'profileId'], { unique: true })
export class ContainerProfile {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'container_id' })
  containerId!: number;

  @Index('ix_containers_profiles_profile')
  @Column({ type: 'integer', name: 'profile_id' })
  profileId!: number;

  @Column({ type: 'integer', name: 'apply_order', default: 0 })
  applyOrder!: number;

  @ManyToOne(() => Container, (c) => c.profiles, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'container_id', foreignKeyConstraintName: 'fk_containers_profiles_container_id' })
  container?: Container;

  @ManyToOne(() => Profile, (p) => p.containers)
  @JoinColumn({ name: 'profile_id', foreignKeyConstraintName: 'fk_containers_profiles_profile_id' })
  profile?: Profile;
}
