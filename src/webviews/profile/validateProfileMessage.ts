import { FIELD_BOUNDS } from '../../containers/objectRules';
import { commonVariants, openContainerVariant, versionToken } from '../commonMessages';
import { literal, messageUnion, object, requestId, str } from '../validate';
import { configEditVariants } from '../validateConfigEdits';
import type { ProfilePageMessage } from './protocol';

/** Validates every message the profile panel's page sends; anything else is refused. */
export const validateProfileMessage = messageUnion<ProfilePageMessage>({
  ...commonVariants,
  ...configEditVariants,
  // A description's bounds are a value's, as the YAML import's (objectRules).
  setDescription: object({ type: literal('setDescription'), requestId, version: versionToken, description: str(FIELD_BOUNDS.value) }),
  openContainer: openContainerVariant,
});
