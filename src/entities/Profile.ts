import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from './decorators';
import { ContainerProfile } from './ContainerProfile';
import { Engine } from './Engine';
import { ProfileConfig } from './ProfileConfig';
import { ProfileDevice } from './ProfileDevice';

/**
 * LXD's `profiles`. Addition: `engine_id` (NOT NULL), names unique per engine.
 * A profile still applied to a container cannot be deleted (containers_profiles.profile_id has no
 * cascade), as in LXD.
 */
@Entity({ name: 'profiles' })
@Index('uq_profiles_engine_name', ['engineId', 'name'], { unique: true })
export class Profile {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'engine_id' })
  engineId!: number;

  @Column({ type: 'varchar', length: 255, name: 'name' })
  name!: string;

  @Column({ type: 'text', name: 'description', nullable: true })
  description!: string | null;

  @ManyToOne(() => Engine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'engine_id', foreignKeyConstraintName: 'fk_profiles_engine' })
  engine?: Engine;

  @OneToMany(() => ProfileConfig, (c) => c.profile)
  config?: ProfileConfig[];

  @OneToMany(() => ProfileDevice, (d) => d.profile)
  devices?: ProfileDevice[];

  @OneToMany(() => ContainerProfile, (l) => l.profile)
  containers?: ContainerProfile[];
}
