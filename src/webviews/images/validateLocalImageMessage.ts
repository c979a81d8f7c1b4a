import { commonVariants } from '../commonMessages';
import { literal, messageUnion, object, requestId } from '../validate';
import type { LocalImagePageMessage } from './protocol';

/** Validates every message the local image panel's page sends; anything else is refused. */
export const validateLocalImageMessage = messageUnion<LocalImagePageMessage>({
  ...commonVariants,
  verify: object({ type: literal('verify'), requestId }),
  openSource: object({ type: literal('openSource'), requestId }),
});
