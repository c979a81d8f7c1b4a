import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from './decorators';
import { Engine } from './Engine';

/**
 * LXD's `certificates`. Addition: `engine_id`, because the same client certificate is commonly trusted
 * by several engines; the fingerprint is unique per engine.
 */
@Entity({ name: 'certificates' })
@Index('uq_certificates_engine_fingerprint', ['engineId', 'fingerprint'], { unique: true })
export class Certificate {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'integer', name: 'engine_id' })
  engineId!: number;

  @Column({ type: 'varchar', length: 255, name: 'fingerprint' })
  fingerprint!: string;

  /** 0 = client. */
  @Column({ type: 'integer', name: 'type' })
  type!: number;

  @Column({ type: 'varchar', length: 255, name: 'name' })
  name!: string;

  /** PEM. */
  @Column({ type: 'text', name: 'certificate' })
  certificate!: string;

  @ManyToOne(() => Engine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'engine_id', foreignKeyConstraintName: 'fk_certificates_engine' })
  engine?: Engine;
}
