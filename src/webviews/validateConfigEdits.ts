import { versionToken } from './commonMessages';
import type { ConfigEditRequest } from './configEditProtocol';
import { literal, object, record, requestId, str } from './validate';
import type { Check } from './validate';

// Shapes and sizes only: what the user typed (a bad key, a value LXD refuses) must reach the handler,
// whose answer is an inline error. Names are short; values may be multi-line (cloud-init).
const key = str({ max: 255 });
const value = str({ max: 64 * 1024, multiline: true });
/** A device, profile or snapshot name as the page sends it. */
export const nameField = str({ max: 255 });
const name = nameField;
const version = versionToken;

type Variants = { [T in ConfigEditRequest['type']]: Check<Extract<ConfigEditRequest, { type: T }>> };

/** Validators of the config/device edits; a panel's message union spreads these in. */
export const configEditVariants: Variants = {
  setConfig: object({ type: literal('setConfig'), requestId, version, key, value }),
  unsetConfig: object({ type: literal('unsetConfig'), requestId, version, key }),
  addDevice: object({ type: literal('addDevice'), requestId, version, device: name, config: record(key, str({ max: 4096 }), 64) }),
  removeDevice: object({ type: literal('removeDevice'), requestId, version, device: name }),
};
