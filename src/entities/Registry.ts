import { Column, Entity, Index, OneToMany, PrimaryColumn } from './decorators';
import { RegistryRepository } from './RegistryRepository';

/**
 * Container Kit's `registry` table (seed 000) plus what the registries feature needs.
 * `id` is a UUID v7 made in code (`uuid`'s v7()), never by the database.
 * `url` is stored normalized by the registries service; the default seed stores bare hosts
 * (`docker.io`, `ghcr.io`, `quay.io`). Secrets never live here: they are in SecretStorage, keyed by `id`.
 */
@Entity({ name: 'registry' })
export class Registry {
  @PrimaryColumn({ type: 'text', name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'name' })
  name!: string;

  @Index('uq_registry_url', { unique: true })
  @Column({ type: 'text', name: 'url' })
  url!: string;

  @Column({ type: 'boolean', name: 'logged_in', default: false })
  loggedIn!: boolean;

  @Column({ type: 'text', name: 'username', nullable: true })
  username!: string | null;

  /** When the last successful `/v2/` probe with the stored credentials happened. */
  @Column({ type: 'datetime', name: 'verified_at', nullable: true })
  verifiedAt!: Date | null;

  /** Why the last probe or login failed; null after a success. */
  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  /** Plain http allowed and TLS verification off. */
  @Column({ type: 'boolean', name: 'insecure', default: false })
  insecure!: boolean;

  /** Path of a PEM CA bundle to trust for this registry. */
  @Column({ type: 'text', name: 'ca_file', nullable: true })
  caFile!: string | null;

  @Column({ type: 'datetime', name: 'created_at', default: () => 'CURRENT_TIMESTAMP' })
  createdAt!: Date;

  @OneToMany(() => RegistryRepository, (r) => r.registry)
  repositories?: RegistryRepository[];
}
