import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { Engine } from './Engine';

/** LXD's `config` (server configuration). Addition: `engine_id`; keys are unique per engine. */
@Entity({ name: 'config' })
@Index('uq_config_engine_key', ['engineId', 'key'], { unique: true })
export class ServerConfig {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'engine_id' })
  engineId!: number;

  @Column({ type: 'varchar', length: 255, name: 'key' })
  key!: string;

  @Column({ type: 'text', name: 'value', nullable: true })
  value!: string | null;

  @ManyToOne(() => Engine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'engine_id', foreignKeyConstraintName: 'fk_config_engine' })
  engine?: Engine;
}
