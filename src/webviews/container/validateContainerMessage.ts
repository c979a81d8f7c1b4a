import { commonVariants, openContainerVariant, versionToken } from '../commonMessages';
import { OBJECT_LIMITS } from '../../containers/objectRules';
import { ENGINE_OBJECT_ID, ENGINE_OBJECT_ID_MAX } from '../engineObjectId';
import { array, literal, messageUnion, object, oneOf, requestId, str } from '../validate';
import { configEditVariants, nameField } from '../validateConfigEdits';
import { volumeIdField } from '../storage/storageVolumeId';
import type { ContainerPageMessage } from './protocol';

const name = nameField;
const version = versionToken;

/** Validates every message the container panel's page sends; anything else is refused. */
export const validateContainerMessage = messageUnion<ContainerPageMessage>({
  ...commonVariants,
  ...configEditVariants,
  addProfile: object({ type: literal('addProfile'), requestId, version, profile: name }),
  removeProfile: object({ type: literal('removeProfile'), requestId, version, profile: name }),
  setProfiles: object({ type: literal('setProfiles'), requestId, version, profiles: array(name, OBJECT_LIMITS.profiles) }),
  createSnapshot: object({ type: literal('createSnapshot'), requestId, snapshot: name }),
  restoreSnapshot: object({ type: literal('restoreSnapshot'), requestId, snapshot: name }),
  deleteSnapshot: object({ type: literal('deleteSnapshot'), requestId, snapshot: name }),
  lifecycle: object({ type: literal('lifecycle'), requestId, action: oneOf(['start', 'stop', 'restart']) }),
  openProfile: object({ type: literal('openProfile'), requestId, profile: name }),
  openNetwork: object({ type: literal('openNetwork'), requestId, network: str({ max: ENGINE_OBJECT_ID_MAX, pattern: ENGINE_OBJECT_ID, patternHint: 'not a network id' }) }),
  openVolume: object({ type: literal('openVolume'), requestId, volume: volumeIdField }),
  openPool: object({ type: literal('openPool'), requestId, pool: str({ max: ENGINE_OBJECT_ID_MAX, pattern: ENGINE_OBJECT_ID, patternHint: 'not a storage pool id' }) }),
  openContainer: openContainerVariant,
  openShell: object({ type: literal('openShell'), requestId }),
});
