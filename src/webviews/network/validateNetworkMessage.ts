import { commonVariants, openContainerVariant } from '../commonMessages';
import { messageUnion } from '../validate';
import type { NetworkPageMessage } from './protocol';

/** Validates every message the network panel's page sends; anything else is refused. */
export const validateNetworkMessage = messageUnion<NetworkPageMessage>({
  ...commonVariants,
  openContainer: openContainerVariant,
});
