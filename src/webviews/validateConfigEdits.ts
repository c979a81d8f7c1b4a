import { FIELD_BOUNDS, OBJECT_LIMITS } from '../containers/objectRules';
import { versionToken } from './commonMessages';
import type { ConfigEditRequest } from './configEditProtocol';
import { literal, object, record, requestId, str } from './validate';
import type { Check } from './validate';

// Shapes and the core's bounds only (objectRules: the same lengths and characters the YAML import and
// the CLI take, so nothing they created is refused here): what the user typed (a bad key, a value LXD
// refuses) must reach the handler, whose answer is an inline error. Values may be multi-line (cloud-init).
const key = str(FIELD_BOUNDS.key);
const value = str(FIELD_BOUNDS.value);
/** A device, profile or snapshot name as the page sends it. */
export const nameField = str(FIELD_BOUNDS.name);
const name = nameField;
const version = versionToken;

type Variants = { [T in ConfigEditRequest['type']]: Check<Extract<ConfigEditRequest, { type: T }>> };

/** Validators of the config/device edits; a panel's message union spreads these in. */
export const configEditVariants: Variants = {
  setConfig: object({ type: literal('setConfig'), requestId, version, key, value }),
  unsetConfig: object({ type: literal('unsetConfig'), requestId, version, key }),
  addDevice: object({ type: literal('addDevice'), requestId, version, device: name, config: record(key, value, OBJECT_LIMITS.deviceSettings) }),
  removeDevice: object({ type: literal('removeDevice'), requestId, version, device: name }),
};
