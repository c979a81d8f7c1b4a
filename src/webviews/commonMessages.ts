import { ENGINE_OBJECT_ID, ENGINE_OBJECT_ID_MAX } from './engineObjectId';
import { literal, object, requestId, str } from './validate';
import type { Check } from './validate';
import type { CspViolationMessage, ReadyMessage, ReloadMessage } from './protocol';

/** Validators for the messages every panel accepts; each panel's union spreads these in. */
export const commonVariants: { ready: Check<ReadyMessage>; reload: Check<ReloadMessage>; cspViolation: Check<CspViolationMessage> } = {
  ready: object({ type: literal('ready') }),
  reload: object({ type: literal('reload') }),
  cspViolation: object({ type: literal('cspViolation'), directive: str({ max: 200 }), blocked: str({ max: 2000 }) }),
};

/** The version token a page echoes back with an edit (a hex digest). */
export const versionToken = str({ max: 64, min: 1, pattern: /^[0-9a-f]+$/, patternHint: 'expected a version token' });

/** "Open the panel of this container": a listed container's `<engine id>/<name>`; the handler checks it is listed. */
export const openContainerVariant: Check<{ type: 'openContainer'; requestId: number; container: string }> = object({
  type: literal('openContainer'),
  requestId,
  container: str({ max: ENGINE_OBJECT_ID_MAX, pattern: ENGINE_OBJECT_ID, patternHint: 'not a container id' }),
});
