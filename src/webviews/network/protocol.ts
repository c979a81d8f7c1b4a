import type { CommonPageMessage } from '../protocol';

export interface EngineRef {
  id: number;
  name: string;
  kind: string;
}

/** A network and the containers using it: the br0 question, answered from the catalog. */
export interface NetworkView {
  id: string;
  engine: EngineRef;
  name: string;
  description: string;
  config: { key: string; value: string }[];
  /** Containers with a nic on this network (`network` or `parent`), directly or through a profile. */
  usedBy: { id: string; name: string }[];
}

/** Opens the detail panel of one of the containers listed. */
export interface NetworkOpenContainer {
  type: 'openContainer';
  requestId: number;
  container: string;
}

export type NetworkRequest = NetworkOpenContainer;
export type NetworkPageMessage = CommonPageMessage | NetworkRequest;
