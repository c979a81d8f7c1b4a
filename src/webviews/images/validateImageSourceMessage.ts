import { commonVariants } from '../commonMessages';
import { literal, messageUnion, object, requestId, str } from '../validate';
import type { ImageSourcePageMessage } from './protocol';

/** A LocalImage Id (uuid or Wsl-Manager's ids): short, no spaces or control characters. */
export const LOCAL_IMAGE_ID = /^[A-Za-z0-9._:-]+$/;

/** Validates every message the image source panel's page sends; anything else is refused. */
export const validateImageSourceMessage = messageUnion<ImageSourcePageMessage>({
  ...commonVariants,
  download: object({ type: literal('download'), requestId }),
  refresh: object({ type: literal('refresh'), requestId }),
  openLocalImage: object({
    type: literal('openLocalImage'),
    requestId,
    localImage: str({ max: 100, min: 1, pattern: LOCAL_IMAGE_ID, patternHint: 'not a local image id' }),
  }),
});
