import type { ContainerLink, KeyValue } from '../container/protocol';
import type { EngineRef } from '../network/protocol';
import type { CommonPageMessage } from '../protocol';

/** A storage pool, its volumes and the containers whose data lives in it. */
export interface StoragePoolView {
  id: string;
  engine: EngineRef;
  name: string;
  driver: string;
  config: KeyValue[];
  /** Every volume the catalog has in this pool, custom ones first. */
  volumes: {
    name: string;
    type: string;
    /** Set for custom volumes (they open the volume panel). */
    id: string | null;
    /** Containers with a disk device on it (custom volumes only; others are attached by the engine itself). */
    usedBy: ContainerLink[];
  }[];
  /** Containers whose root disk (disk device with path `/`, after profile expansion) is in this pool. */
  rootDisks: ContainerLink[];
}

/** One storage volume and the containers using it. */
export interface StorageVolumeView {
  id: string;
  engine: EngineRef;
  pool: { id: string; name: string; driver: string };
  name: string;
  type: string;
  description: string;
  config: KeyValue[];
  /**
   * Custom volume: containers with a disk device on it. Container volume: the container it is the
   * root of (when the catalog has it).
   */
  usedBy: ContainerLink[];
}

export interface OpenContainer {
  type: 'openContainer';
  requestId: number;
  container: string;
}

export interface OpenStorageVolume {
  type: 'openVolume';
  requestId: number;
  volume: string;
}

export interface OpenStoragePool {
  type: 'openPool';
  requestId: number;
  pool: string;
}

export type StoragePoolRequest = OpenContainer | OpenStorageVolume;
export type StoragePoolPageMessage = CommonPageMessage | StoragePoolRequest;
export type StorageVolumeRequest = OpenContainer | OpenStoragePool;
export type StorageVolumePageMessage = CommonPageMessage | StorageVolumeRequest;
