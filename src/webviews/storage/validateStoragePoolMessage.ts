import { commonVariants, openContainerVariant } from '../commonMessages';
import { literal, messageUnion, object, requestId } from '../validate';
import type { StoragePoolPageMessage } from './protocol';
import { volumeIdField } from './storageVolumeId';

/** Validates every message the storage pool panel's page sends; anything else is refused. */
export const validateStoragePoolMessage = messageUnion<StoragePoolPageMessage>({
  ...commonVariants,
  openContainer: openContainerVariant,
  openVolume: object({ type: literal('openVolume'), requestId, volume: volumeIdField }),
});
