import { commonVariants, versionToken } from '../commonMessages';
import { bool, literal, messageUnion, object, requestId, str } from '../validate';
import type { RegistryPageMessage } from './protocol';

/** Field limits: generous for real use, small enough that nothing huge reaches the service. The page's inputs carry the same maxlength. */
const name = str({ max: 200 });
const url = str({ max: 2048 });
const caFile = str({ max: 4096 });
// Shape only: what the user typed reaches the service, whose grammar check becomes an inline error.
// (A refused message gets only a generic refusal, not an error next to its field, so user mistakes belong to the service.)
const repository = str({ max: 255 });

/** Validates every message the registry panel's page sends; anything else is refused. */
export const validateRegistryMessage = messageUnion<RegistryPageMessage>({
  ...commonVariants,
  save: object({ type: literal('save'), requestId, version: versionToken, name, url, insecure: bool, caFile }),
  login: object({ type: literal('login'), requestId }),
  logout: object({ type: literal('logout'), requestId }),
  verify: object({ type: literal('verify'), requestId }),
  track: object({ type: literal('track'), requestId, repository }),
  untrack: object({ type: literal('untrack'), requestId, repository }),
});
