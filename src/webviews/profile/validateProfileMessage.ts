import { commonVariants, versionToken } from '../commonMessages';
import { ENGINE_OBJECT_ID } from '../engineObjectId';
import { literal, messageUnion, object, requestId, str } from '../validate';
import { configEditVariants } from '../validateConfigEdits';
import type { ProfilePageMessage } from './protocol';

/** Validates every message the profile panel's page sends; anything else is refused. */
export const validateProfileMessage = messageUnion<ProfilePageMessage>({
  ...commonVariants,
  ...configEditVariants,
  setDescription: object({ type: literal('setDescription'), requestId, version: versionToken, description: str({ max: 4096, multiline: true }) }),
  openContainer: object({
    type: literal('openContainer'),
    requestId,
    container: str({ max: 220, pattern: ENGINE_OBJECT_ID, patternHint: 'not a container id' }),
  }),
});
