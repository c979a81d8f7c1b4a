import type { DeviceMap, StringMap } from './lxdApi';

/**
 * One engine's configuration as plain data, in LXD's shape whatever the engine: what a sync writes into
 * the catalog. Runtime state (status, addresses, PIDs) is deliberately absent.
 */
export interface EngineMirror {
  readonly instances: MirrorInstance[];
  readonly profiles: MirrorProfile[];
  readonly networks: MirrorNetwork[];
  readonly pools: MirrorPool[];
  readonly images: MirrorImage[];
  readonly certificates: MirrorCertificate[];
  readonly config: StringMap;
}

export interface MirrorInstance {
  readonly name: string;
  readonly architecture: string;
  readonly ephemeral: boolean;
  readonly stateful: boolean;
  readonly description: string;
  readonly createdAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly config: StringMap;
  readonly devices: DeviceMap;
  /** Profile names in apply order. */
  readonly profiles: string[];
  /** Snapshots, named by their short name (stored as `parent/snap`). */
  readonly snapshots: MirrorSnapshot[];
}

export interface MirrorSnapshot {
  readonly name: string;
  readonly architecture: string;
  readonly stateful: boolean;
  readonly createdAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly config: StringMap;
  readonly devices: DeviceMap;
  readonly profiles: string[];
}

export interface MirrorProfile {
  readonly name: string;
  readonly description: string;
  readonly config: StringMap;
  readonly devices: DeviceMap;
}

export interface MirrorNetwork {
  readonly name: string;
  readonly description: string;
  readonly type: string;
  readonly config: StringMap;
}

export interface MirrorPool {
  readonly name: string;
  readonly driver: string;
  readonly description: string;
  readonly config: StringMap;
  readonly volumes: MirrorVolume[];
}

export interface MirrorVolume {
  readonly name: string;
  /** LXD's volume type name: container, image, custom, virtual-machine. */
  readonly type: string;
  readonly description: string;
  readonly config: StringMap;
}

export interface MirrorImage {
  readonly fingerprint: string;
  readonly filename: string;
  readonly size: number;
  readonly public: boolean;
  readonly autoUpdate: boolean;
  readonly cached: boolean;
  readonly architecture: string;
  readonly createdAt: Date | null;
  readonly expiresAt: Date | null;
  readonly uploadedAt: Date;
  readonly lastUsedAt: Date | null;
  readonly aliases: { name: string; description: string }[];
  readonly properties: StringMap;
  readonly source: { server: string; protocol: string; certificate: string; alias: string } | null;
}

export interface MirrorCertificate {
  readonly fingerprint: string;
  readonly type: string;
  readonly name: string;
  readonly certificate: string;
}

/** Progress of a long engine operation, for a progress bar or a CLI line. */
export interface SyncProgress {
  readonly message: string;
  readonly done: number;
  readonly total: number;
}

/** LXD's zero time ("0001-01-01T00:00:00Z", "1970-01-01…") means unknown/never. */
export function lxdDate(s: string | undefined | null): Date | null {
  if (!s) return null;
  const d = new Date(s);
  const t = d.getTime();
  if (Number.isNaN(t) || t <= 0) return null;
  return d;
}
