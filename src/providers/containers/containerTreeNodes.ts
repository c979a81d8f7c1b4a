import type { ContainerFileType } from '../../containers/containerFiles';
import type { EngineKind, EngineRecord } from '../../containers/engineRecord';
import type { EngineStatus } from '../../containers/engineStatus';
import type { LiveState } from '../../containers/liveState';
import type { ClusterMember } from '../../containers/lxdCluster';
import type { StringMap } from '../../containers/lxdApi';

/**
 * Nodes of the Containers view: plain data with a `type` and a stable `id` built from names (never
 * from row ids, which a re-sync may change), so the tree does not flicker or lose expansion.
 */
export type ContainerTreeNode =
  | EngineNode
  | ContainerNode
  | SectionNode
  | ConfigKeyNode
  | DeviceNode
  | ProfileRefNode
  | SnapshotNode
  | GroupNode
  | ProfileNode
  | NetworkNode
  | PoolNode
  | VolumeNode
  | ImageNode
  | ImageFactNode
  | CertificateNode
  | ServerConfigNode
  | ViewGroupNode
  | MemberNode
  | FileNode
  | MessageNode;

export interface EngineNode {
  readonly type: 'engine';
  readonly id: string;
  readonly engine: EngineRecord;
  readonly status: EngineStatus;
}

export interface ContainerNode {
  readonly type: 'container';
  readonly id: string;
  readonly engineId: number;
  readonly engine: string;
  readonly kind: EngineKind;
  readonly name: string;
  readonly profiles: readonly string[];
  readonly snapshots: number;
  /** Undefined when the engine could not be asked (unreachable) or is the local catalog. */
  readonly live?: LiveState;
  /** Creation time (ms), for the view's sort. */
  readonly created?: number | null;
}

/** A group of the view's grouping by state or profile (src/shared/viewQuery.ts): containers of every engine. */
export interface ViewGroupNode {
  readonly type: 'viewGroup';
  readonly id: string;
  /** The grouping (state, profile) and the group's name (Running, default). */
  readonly grouping: string;
  readonly name: string;
  readonly containers: readonly ContainerNode[];
}

/**
 * A member of an LXD cluster engine, with the containers that live on it. Everything about it (status,
 * roles, where each container is) was asked from the cluster for this drawing; none of it is stored.
 */
export interface MemberNode {
  readonly type: 'member';
  readonly id: string;
  readonly engineId: number;
  readonly engine: string;
  readonly member: ClusterMember;
  readonly containers: readonly ContainerNode[];
}

export type SectionKind = 'config' | 'devices' | 'profiles' | 'snapshots';

export interface SectionNode {
  readonly type: 'section';
  readonly id: string;
  readonly engineId: number;
  readonly engine: string;
  readonly container: string;
  readonly section: SectionKind;
  readonly count: number;
}

export interface ConfigKeyNode {
  readonly type: 'configKey';
  readonly id: string;
  readonly key: string;
  readonly value: string;
  /** "container" or "profile <name>". */
  readonly origin: string;
  readonly engine: string;
  readonly container: string;
  readonly local: boolean;
}

export interface DeviceNode {
  readonly type: 'device';
  readonly id: string;
  readonly engine: string;
  readonly container: string;
  readonly name: string;
  readonly config: StringMap;
  readonly origin: string;
  readonly local: boolean;
}

export interface ProfileRefNode {
  readonly type: 'profileRef';
  readonly id: string;
  readonly engine: string;
  readonly engineId: number;
  readonly container: string;
  readonly profile: string;
  readonly order: number;
}

export interface SnapshotNode {
  readonly type: 'snapshot';
  readonly id: string;
  readonly engine: string;
  readonly container: string;
  readonly snapshot: string;
}

/** `certificates` and `config` (the server's) are LXD's only. */
export type GroupKind = 'profiles' | 'networks' | 'storage' | 'images' | 'certificates' | 'config';

export interface GroupNode {
  readonly type: 'group';
  readonly id: string;
  readonly engineId: number;
  readonly engine: string;
  readonly kind: EngineKind;
  readonly group: GroupKind;
  readonly count: number;
}

export interface ProfileNode {
  readonly type: 'profile';
  readonly id: string;
  readonly engine: string;
  readonly engineId: number;
  readonly name: string;
  readonly description: string;
}

export interface NetworkNode {
  readonly type: 'network';
  readonly id: string;
  readonly engine: string;
  readonly engineId: number;
  readonly name: string;
  readonly description: string;
}

export interface PoolNode {
  readonly type: 'pool';
  readonly id: string;
  readonly engine: string;
  readonly engineId: number;
  readonly name: string;
  readonly driver: string;
  readonly volumes: number;
}

export interface VolumeNode {
  readonly type: 'volume';
  readonly id: string;
  readonly engine: string;
  readonly engineId: number;
  readonly pool: string;
  readonly name: string;
  readonly volumeType: string;
}

export interface ImageNode {
  readonly type: 'image';
  readonly id: string;
  readonly engine: string;
  readonly engineId: number;
  /** LXD images expand to their stored aliases, source and properties; Podman/Docker tags are on the row. */
  readonly kind: EngineKind;
  readonly fingerprint: string;
  readonly aliases: readonly string[];
  readonly size: number;
  /** The last check found its source serving another build (catalog `images.outdated`). */
  readonly outdated: boolean;
}

/** One stored fact of an LXD image, under its row: an alias, a property, or the server it was fetched from. */
export interface ImageFactNode {
  readonly type: 'imageFact';
  readonly id: string;
  readonly fact: 'alias' | 'property' | 'source';
  /** The alias's name, the property's key, or the source's server. */
  readonly label: string;
  /** The alias's description, the property's value, or the source's protocol and alias. */
  readonly value: string;
}

/** A certificate an LXD engine trusts. */
export interface CertificateNode {
  readonly type: 'certificate';
  readonly id: string;
  readonly engine: string;
  readonly name: string;
  readonly fingerprint: string;
  readonly certType: string;
  /** Expiry (ms), or null when the stored PEM did not parse. */
  readonly expires: number | null;
  readonly commonName: string;
}

/** One key of an LXD engine's server configuration. */
export interface ServerConfigNode {
  readonly type: 'serverConfig';
  readonly id: string;
  readonly engine: string;
  readonly key: string;
  readonly value: string;
}

/**
 * The "Files" node under a running container (`root`, path `/`) and each entry below it. Directories are
 * listed only when expanded, by the engine, each time (nothing about files is stored).
 */
export interface FileNode {
  readonly type: 'file';
  readonly id: string;
  readonly engineId: number;
  readonly engine: string;
  readonly container: string;
  /** Absolute path inside the container. */
  readonly path: string;
  readonly fileType: ContainerFileType;
  readonly root: boolean;
}

/** An error or an explanation shown in place of children (getChildren never throws). */
export interface MessageNode {
  readonly type: 'message';
  readonly id: string;
  readonly severity: 'error' | 'info';
  readonly message: string;
  readonly detail?: string;
}
