import { commonVariants, versionToken } from '../commonMessages';
import { bool, literal, messageUnion, object, requestId, str } from '../validate';
import type { RegistryPageMessage } from './protocol';

/** Field limits: generous for real use, small enough that nothing huge reaches the service. */
const name = str({ max: 200 });
const url = str({ max: 2048 });
const caFile = str({ max: 4096 });
// The distribution spec's repository grammar (lowercase path components); checked again by the service.
const repository = str({
  max: 255,
  min: 1,
  pattern: /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/,
  patternHint: 'not a repository name (lowercase letters, digits, ".", "_", "-" and "/")',
});

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
