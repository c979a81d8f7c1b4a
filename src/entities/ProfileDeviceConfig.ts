import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { ProfileDevice } from './ProfileDevice';

/** LXD's `profiles_devices_config`: key/value config of a profile device; removed with it. */
@Entity({ name: 'profiles_devices_config' })
@Index('uq_profiles_devices_config_key', ['profileDeviceId', 'key'], { unique: true })
// The br0 query through profiles.
@Index('ix_profiles_devices_config_key_value', ['key', 'value'])
export class ProfileDeviceConfig {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'profile_device_id' })
  profileDeviceId!: number;

  @Column({ type: 'varchar', length: 255, name: 'key' })
  key!: string;

  /** NULL for unset. */
  @Column({ type: 'text', name: 'value', nullable: true })
  value!: string | null;

  @ManyToOne(() => ProfileDevice, (o) => o.config, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'profile_device_id', foreignKeyConstraintName: 'fk_profiles_devices_config_profile_device_id' })
  profileDevice?: ProfileDevice;
}
