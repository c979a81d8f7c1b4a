import { commonVariants } from '../commonMessages';
import { ENGINE_OBJECT_ID } from '../engineObjectId';
import { literal, messageUnion, object, requestId, str } from '../validate';
import type { NetworkPageMessage } from './protocol';

/** Validates every message the network panel's page sends; anything else is refused. */
export const validateNetworkMessage = messageUnion<NetworkPageMessage>({
  ...commonVariants,
  openContainer: object({
    type: literal('openContainer'),
    requestId,
    container: str({ max: 220, pattern: ENGINE_OBJECT_ID, patternHint: 'not a container id' }),
  }),
});
