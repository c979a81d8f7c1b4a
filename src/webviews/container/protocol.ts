import type { EngineRef } from '../network/protocol';
import type { ConfigEditRequest, KeyValue } from '../configEditProtocol';
import type { CommonPageMessage } from '../protocol';

export type { KeyValue };

/** Another container a panel lists; `id` opens its panel. */
export interface ContainerLink {
  id: string;
  name: string;
}

/** A container as the catalog holds it, plus what follows from it (effective config, what it uses). */
export interface ContainerView {
  id: string;
  engine: EngineRef;
  name: string;
  architecture: string;
  description: string;
  createdAt: string | null;
  ephemeral: boolean;
  stateful: boolean;
  /** What the container was made from (image description, else base image fingerprint). */
  image: string | null;
  /** Its own keys (volatile.* are the engine's and read-only). */
  config: KeyValue[];
  /** Its own devices. */
  devices: { name: string; config: KeyValue[] }[];
  /** Applied profiles, in apply order. */
  profiles: string[];
  /** The engine's profiles not applied, for "Add profile". */
  availableProfiles: string[];
  snapshots: string[];
  effective: {
    config: { key: string; value: string; origin: string; overrides: string[] }[];
    devices: { name: string; origin: string; overrides: string[]; config: KeyValue[] }[];
    missingProfiles: string[];
  };
  uses: {
    /**
     * Networks its nics attach to; `id` is set when the catalog knows the network (opens its panel).
     * `others`: the other containers on the same network (the "who else is on br0" answer).
     */
    networks: { name: string; id: string | null; device: string; others: ContainerLink[] }[];
    /** Custom volumes its disks mount; `id` is set when the catalog knows the volume; `others` share it. */
    volumes: { pool: string; volume: string; device: string; id: string | null; others: ContainerLink[] }[];
    profiles: string[];
    image: string | null;
    /** The pool of its root disk (disk device with path `/`); `id` is set when the catalog knows the pool. */
    rootPool: { name: string; id: string | null; device: string } | null;
  };
}

/** A running container's resources, updated while the panel is visible (never stored); null where the engine does not say. */
export interface ContainerStats {
  cpuPercent: number | null;
  memoryBytes: number;
  memoryLimitBytes: number | null;
  netRxBytes: number;
  netTxBytes: number;
  blockReadBytes: number | null;
  blockWriteBytes: number | null;
  processes: number | null;
}

/** Runtime state, read from the engine when the panel shows (never stored). */
export type ContainerLive =
  | { state: 'ok'; status: string; running: boolean; ipv4: string[]; pid?: number; stats?: ContainerStats; statsError?: string }
  | { state: 'catalogOnly' }
  | { state: 'unreachable'; message: string };

type Edit = { requestId: number; version: string };

export type ContainerRequest =
  | ConfigEditRequest
  | ({ type: 'addProfile'; profile: string } & Edit)
  | ({ type: 'removeProfile'; profile: string } & Edit)
  | ({ type: 'setProfiles'; profiles: string[] } & Edit)
  | { type: 'createSnapshot'; requestId: number; snapshot: string }
  | { type: 'restoreSnapshot'; requestId: number; snapshot: string }
  | { type: 'deleteSnapshot'; requestId: number; snapshot: string }
  | { type: 'lifecycle'; requestId: number; action: 'start' | 'stop' | 'restart' }
  | { type: 'openNetwork'; requestId: number; network: string }
  | { type: 'openProfile'; requestId: number; profile: string }
  | { type: 'openVolume'; requestId: number; volume: string }
  | { type: 'openPool'; requestId: number; pool: string }
  | { type: 'openContainer'; requestId: number; container: string }
  | { type: 'openShell'; requestId: number };

export type ContainerPageMessage = CommonPageMessage | ContainerRequest;
