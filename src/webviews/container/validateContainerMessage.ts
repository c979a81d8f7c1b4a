import { commonVariants, versionToken } from '../commonMessages';
import { ENGINE_OBJECT_ID } from '../engineObjectId';
import { array, literal, messageUnion, object, oneOf, record, requestId, str } from '../validate';
import type { ContainerPageMessage } from './protocol';

// Shapes and sizes only: what the user typed (a bad key, a value LXD refuses) must reach the handler,
// whose answer is an inline error. Names are short; values may be multi-line (cloud-init).
const key = str({ max: 255 });
const value = str({ max: 64 * 1024, multiline: true });
const name = str({ max: 255 });
const version = versionToken;

/** Validates every message the container panel's page sends; anything else is refused. */
export const validateContainerMessage = messageUnion<ContainerPageMessage>({
  ...commonVariants,
  setConfig: object({ type: literal('setConfig'), requestId, version, key, value }),
  unsetConfig: object({ type: literal('unsetConfig'), requestId, version, key }),
  addDevice: object({ type: literal('addDevice'), requestId, version, device: name, config: record(key, str({ max: 4096 }), 64) }),
  removeDevice: object({ type: literal('removeDevice'), requestId, version, device: name }),
  addProfile: object({ type: literal('addProfile'), requestId, version, profile: name }),
  removeProfile: object({ type: literal('removeProfile'), requestId, version, profile: name }),
  setProfiles: object({ type: literal('setProfiles'), requestId, version, profiles: array(name, 64) }),
  createSnapshot: object({ type: literal('createSnapshot'), requestId, snapshot: name }),
  restoreSnapshot: object({ type: literal('restoreSnapshot'), requestId, snapshot: name }),
  deleteSnapshot: object({ type: literal('deleteSnapshot'), requestId, snapshot: name }),
  lifecycle: object({ type: literal('lifecycle'), requestId, action: oneOf(['start', 'stop', 'restart']) }),
  openNetwork: object({ type: literal('openNetwork'), requestId, network: str({ max: 220, pattern: ENGINE_OBJECT_ID, patternHint: 'not a network id' }) }),
});
