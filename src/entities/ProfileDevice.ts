import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from './decorators';
import { Profile } from './Profile';
import { ProfileDeviceConfig } from './ProfileDeviceConfig';

/** LXD's `profiles_devices`; removed with its profile, and removes its config. */
@Entity({ name: 'profiles_devices' })
@Index('uq_profiles_devices_name', ['profileId', 'name'], { unique: true })
export class ProfileDevice {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'profile_id' })
  profileId!: number;

  /** Device name (e.g. eth0, root). */
  @Column({ type: 'varchar', length: 255, name: 'name' })
  name!: string;

  /** Device type code: see src/containers/deviceTypes.ts. */
  @Column({ type: 'integer', name: 'type', default: 0 })
  type!: number;

  @ManyToOne(() => Profile, (o) => o.devices, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'profile_id', foreignKeyConstraintName: 'fk_profiles_devices_profile_id' })
  profile?: Profile;

  @OneToMany(() => ProfileDeviceConfig, (c) => c.profileDevice)
  config?: ProfileDeviceConfig[];
}
