// The public API of the Container Catalog extension (id `container-catalog.container-catalog`), for other
// extensions. Copy this file into your extension (it has no runtime part) and ask for a version:
//
//   const ext = vscode.extensions.getExtension<ContainerCatalogExports>('container-catalog.container-catalog');
//   const api = (await ext?.activate())?.getApi(1);
//
// Version 1 stays as it is when later versions arrive; asking for a version this build does not have throws
// an Error naming the versions it has. docs/api.md describes each function. No secret (password, token,
// private key) ever crosses this API.
import type { CancellationToken, Disposable, Event } from 'vscode';

export interface ContainerCatalogExports {
  /** The API at `version`; throws for a version this build does not offer. */
  getApi(version: 1): ContainerCatalogApiV1;
}

export interface ContainerCatalogApiV1 {
  readonly version: 1;

  // Read side: what the catalog holds, read from the local catalog file (no engine or network is asked).
  listRegistries(): Promise<RegistryV1[]>;
  listImageSources(): Promise<ImageSourceV1[]>;
  listLocalImages(): Promise<LocalImageV1[]>;
  listEngines(): Promise<EngineV1[]>;
  /** Containers (not snapshots), of one engine when `engine` names it, else of all. */
  listContainers(query?: { readonly engine?: string }): Promise<ContainerV1[]>;
  /** One container with its profiles in apply order and its effective config; undefined when absent. */
  getContainer(engine: string, name: string): Promise<ContainerDetailsV1 | undefined>;
  /** The containers using a network, profile, custom volume or image (a profile needs its engine). */
  containersUsing(query: UsageQueryV1): Promise<ContainerRefV1[]>;
  /** After any change of the catalog: this window's writes, or another window's or the CLI's. */
  readonly onDidChangeCatalog: Event<CatalogChangeV1>;

  // Act side: what the commands do, as functions that resolve with the outcome or reject with the reason.
  /** Mirrors the engine into the catalog. Cancelling leaves the catalog as it was (rejects with an AbortError). */
  syncEngine(engine: string, token?: CancellationToken): Promise<SyncResultV1>;
  /** Refreshes every image source type (inside the TTL nothing is asked unless `force`). One type failing does not stop the others. */
  refreshImageSources(options?: { readonly force?: boolean }, token?: CancellationToken): Promise<SourceRefreshV1[]>;
  /** Start, stop (optionally forced) or restart a container; resolves once the engine did it. */
  changeContainerState(engine: string, name: string, action: 'start' | 'stop' | 'restart', options?: { readonly force?: boolean }): Promise<void>;
}

export interface RegistryV1 {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly insecure: boolean;
  readonly loggedIn: boolean;
  readonly username: string | null;
  /** ISO 8601. */
  readonly verifiedAt: string | null;
  readonly lastError: string | null;
}

export interface ImageSourceV1 {
  readonly id: string;
  readonly type: string;
  readonly name: string | null;
  readonly distribution: string;
  readonly release: string | null;
  readonly arch: string | null;
  readonly tags: readonly string[];
  readonly url: string | null;
  readonly digest: string | null;
  readonly size: number | null;
  readonly updated: string;
}

export interface LocalImageV1 {
  readonly id: string;
  readonly imageSourceId: string | null;
  readonly name: string;
  /** Wsl-Manager's states: NotDownloaded, Synced, Outdated, Unknown. */
  readonly state: string;
  readonly distribution: string | null;
  readonly release: string | null;
  readonly arch: string | null;
  readonly digest: string | null;
  readonly size: number | null;
  readonly updated: string;
}

export interface EngineV1 {
  readonly name: string;
  readonly kind: 'lxd' | 'podman' | 'docker' | 'catalog';
  /** Unix socket path or https URL; null for the local catalog. */
  readonly endpoint: string | null;
  /** ISO 8601. */
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
}

export interface ContainerV1 {
  readonly engine: string;
  readonly name: string;
  readonly architecture: string;
  /** In apply order. */
  readonly profiles: readonly string[];
  readonly snapshots: number;
}

export interface EffectiveValueV1 {
  readonly value: string;
  /** "container" or "profile <name>". */
  readonly origin: string;
}

export interface ContainerDetailsV1 extends ContainerV1 {
  readonly description: string;
  readonly ephemeral: boolean;
  readonly createdAt: string | null;
  /** The container's own keys and devices. */
  readonly config: Readonly<Record<string, string>>;
  readonly devices: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** LXD's expansion: profiles in order, then the container's own keys; each value says where it came from. */
  readonly effectiveConfig: Readonly<Record<string, EffectiveValueV1>>;
  readonly effectiveDevices: Readonly<Record<string, { readonly origin: string; readonly device: Readonly<Record<string, string>> }>>;
  readonly snapshotNames: readonly string[];
}

export type UsageQueryV1 =
  | { readonly network: string; readonly engine?: string }
  | { readonly profile: string; readonly engine: string }
  | { readonly volume: string; readonly pool: string; readonly engine?: string }
  | { readonly image: string; readonly engine?: string };

export interface ContainerRefV1 {
  readonly engine: string;
  readonly name: string;
}

export interface CatalogChangeV1 {
  /** True when another window or the CLI wrote the catalog file. */
  readonly external: boolean;
  /** What this window's writes changed, as the views' keys ("container:<engineId>/<name>", …); undefined when not known. */
  readonly touched?: readonly string[];
}

export interface SyncResultV1 {
  readonly engine: string;
  readonly counts: Readonly<Record<string, number>>;
}

export interface SourceRefreshV1 {
  readonly type: string;
  /** skipped (inside the TTL), unchanged, updated, or failed (then `error` says why). */
  readonly status: string;
  readonly error?: string;
  /** Servers or catalog URLs of this type that could not be read; the others were refreshed. */
  readonly notRead?: readonly { readonly url: string; readonly error: string }[];
}

export type { CancellationToken, Disposable };
