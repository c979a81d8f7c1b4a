import { commonVariants, openContainerVariant } from '../commonMessages';
import { ENGINE_OBJECT_ID, ENGINE_OBJECT_ID_MAX } from '../engineObjectId';
import { literal, messageUnion, object, requestId, str } from '../validate';
import type { StorageVolumePageMessage } from './protocol';

/** Validates every message the storage volume panel's page sends; anything else is refused. */
export const validateStorageVolumeMessage = messageUnion<StorageVolumePageMessage>({
  ...commonVariants,
  openContainer: openContainerVariant,
  openPool: object({ type: literal('openPool'), requestId, pool: str({ max: ENGINE_OBJECT_ID_MAX, pattern: ENGINE_OBJECT_ID, patternHint: 'not a storage pool id' }) }),
});
