import { OBJECT_ID_MAX } from './engineObjectId';
import { str } from './validate';

// The webview state the page stores is untrusted like any page message. Restore trusts nothing in it
// but a well-formed id (the rest is the page's own: unsaved edits, the open tab).
// Engine object names follow the core's name rule (no spaces, slashes or control characters), so ids may hold any other character.
const objectId = str({ max: OBJECT_ID_MAX, min: 1, pattern: /^[A-Za-z0-9][^\s\p{Cc}]*$/u, patternHint: 'not an object id' });

/** The object id in a restored panel's saved state; throws ValidationError (or Error) when there is none. */
export function restoredId(state: unknown): string {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw new Error('no saved state');
  return objectId((state as Record<string, unknown>).id, 'state.id');
}
