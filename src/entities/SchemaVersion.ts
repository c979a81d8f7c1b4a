import { Column, Entity, Index, PrimaryGeneratedColumn } from './decorators';

/** LXD's `schema` table: one row per schema version reached (PRAGMA user_version mirrors the latest). */
@Entity({ name: 'schema' })
export class SchemaVersion {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Index('uq_schema_version', { unique: true })
  @Column({ type: 'integer', name: 'version' })
  version!: number;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;
}
