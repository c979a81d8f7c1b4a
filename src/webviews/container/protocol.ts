import type { EngineRef } from '../network/protocol';
import type { ConfigEditRequest, KeyValue } from '../configEditProtocol';
import type { CommonPageMessage } from '../protocol';

export type { KeyValue };

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
    /** Networks its nics attach to; `id` is set when the catalog knows the network (opens its panel). */
    networks: { name: string; id: string | null; device: string }[];
    volumes: { pool: string; volume: string; device: string }[];
    profiles: string[];
    image: string | null;
  };
}

/** Runtime state, read from the engine when the panel shows (never stored). */
export type ContainerLive =
  | { state: 'ok'; status: string; running: boolean; ipv4: string[]; pid?: number }
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
  | { type: 'openProfile'; requestId: number; profile: string };

export type ContainerPageMessage = CommonPageMessage | ContainerRequest;
