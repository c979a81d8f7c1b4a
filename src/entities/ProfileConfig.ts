import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { Profile } from './Profile';

/** LXD's `profiles_config` (value VARCHAR(255) as in the seed). */
@Entity({ name: 'profiles_config' })
@Index('uq_profiles_config_key', ['profileId', 'key'], { unique: true })
@Index('ix_profiles_config_key_value', ['key', 'value'])
export class ProfileConfig {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'profile_id' })
  profileId!: number;

  @Column({ type: 'varchar', length: 255, name: 'key' })
  key!: string;

  /** NULL for unset. */
  @Column({ type: 'varchar', length: 255, name: 'value', nullable: true })
  value!: string | null;

  @ManyToOne(() => Profile, (o) => o.config, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'profile_id', foreignKeyConstraintName: 'fk_profiles_config_profile_id' })
  profile?: Profile;
}
