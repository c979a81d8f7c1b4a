import type { ConfigEditRequest, KeyValue } from '../configEditProtocol';
import type { EngineRef } from '../network/protocol';
import type { CommonPageMessage } from '../protocol';

/** A profile as the catalog holds it, and the containers it is applied to. */
export interface ProfileView {
  id: string;
  engine: EngineRef;
  name: string;
  description: string;
  /**
   * A draft of the local catalog (imported from YAML): edits change the catalog only, and LXD checks
   * the values when the draft is applied to an engine.
   */
  draft: boolean;
  config: KeyValue[];
  devices: { name: string; config: KeyValue[] }[];
  /** Containers of the same engine with this profile applied. */
  usedBy: { id: string; name: string }[];
}

export type ProfileRequest =
  | ConfigEditRequest
  | { type: 'setDescription'; requestId: number; version: string; description: string }
  | { type: 'openContainer'; requestId: number; container: string };

export type ProfilePageMessage = CommonPageMessage | ProfileRequest;
