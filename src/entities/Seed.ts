import { Column, Entity, Index, PrimaryColumn } from './decorators';

/** Container Kit's `seeds` table: one row per seed script, so each runs once. */
@Entity({ name: 'seeds' })
export class Seed {
  /** UUID v7 made in code. */
  @PrimaryColumn({ type: 'text', name: 'id' })
  id!: string;

  @Index('uq_seeds_name', { unique: true })
  @Column({ type: 'text', name: 'name' })
  name!: string;

  @Column({ type: 'boolean', name: 'applied', default: false })
  applied!: boolean;
}
