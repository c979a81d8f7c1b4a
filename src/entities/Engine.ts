import { Column, Entity, Index, PrimaryGeneratedColumn } from './decorators';

export type EngineKind = 'lxd' | 'podman' | 'docker' | 'catalog';

/** Id of the built-in engine row holding definitions that live only in the catalog (created by migration 2). */
export const LOCAL_CATALOG_ENGINE_ID = 1;
export { LOCAL_CATALOG_ENGINE_NAME } from './engineNames';

/**
 * Which LXD/Podman/Docker endpoint a container, profile, network, image or storage pool came from.
 * Not in LXD's schema: it lets two engines each have a container named `web`.
 * `clientCert`/`clientKey` are file paths; a pasted key lives in SecretStorage, keyed by engine id.
 */
@Entity({ name: 'engines' })
export class Engine {
  @PrimaryGeneratedColumn({ type: 'integer', name: 'id' })
  id!: number;

  @Column({ type: 'text', name: 'kind' })
  kind!: EngineKind;

  @Index('uq_engines_name', { unique: true })
  @Column({ type: 'text', name: 'name' })
  name!: string;

  /** Unix socket path or https URL; null for the local catalog. */
  @Column({ type: 'text', name: 'endpoint', nullable: true })
  endpoint!: string | null;

  @Column({ type: 'text', name: 'client_cert', nullable: true })
  clientCert!: string | null;

  @Column({ type: 'text', name: 'client_key', nullable: true })
  clientKey!: string | null;

  @Column({ type: 'datetime', name: 'last_sync_at', nullable: true })
  lastSyncAt!: Date | null;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column({ type: 'datetime', name: 'created_at', default: () => 'CURRENT_TIMESTAMP' })
  createdAt!: Date;
}
