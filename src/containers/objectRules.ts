/**
 * The one set of rules for the names, config keys and values of engine objects (profiles,
 * containers, devices, snapshots) that every path creating or naming one applies: YAML import,
 * the CLI, the Containers commands and the panels' message validators. One set, so nothing one path
 * creates is refused by another (a panel that refused a key the YAML import had accepted froze).
 * Each check returns the problem in a few words, or undefined when the text is fine.
 */

export const OBJECT_LIMITS = {
  /** Profile, container, device and snapshot names (LXD's own limits are lower; Docker's are not). */
  name: 255,
  /** Config keys, device setting keys. */
  key: 255,
  /** Config values, device settings and descriptions (cloud-init user-data is the long one). */
  value: 64 * 1024,
  /** Settings of one device. */
  deviceSettings: 64,
  /** Profiles applied to one container. */
  profiles: 64,
} as const;

/** Every C0 and C1 control character and DEL: never in a name or key. */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, but tab, newline and carriage return are allowed (multi-line values). */
export const CONTROL_CHARS_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** A config key: what LXD's keys are made of (limits.cpu, user.x, environment.HOME, cloud-init.user-data). */
const KEY = /^[A-Za-z0-9_.-]+$/;

/**
 * A name as a regular expression source (use the `u` flag), for ids that embed names: no whitespace,
 * no slash (ids join names with slashes), no control characters, not `.` or `..`.
 */
export const NAME_SOURCE = `(?!\\.\\.?(?:/|$))[^\\s/\\p{Cc}]{1,${OBJECT_LIMITS.name}}`;

function textProblem(v: string, max: number, multiline: boolean): string | undefined {
  if (v.length > max) return `longer than ${max} characters`;
  if ((multiline ? CONTROL_CHARS_MULTILINE : CONTROL_CHARS).test(v)) return 'contains control characters';
  return undefined;
}

export function nameProblem(name: string): string | undefined {
  if (!name) return 'must not be empty';
  if (name === '.' || name === '..') return 'is a path, not a name';
  return textProblem(name, OBJECT_LIMITS.name, false) ?? (/[\s/]/.test(name) ? 'has spaces or slashes' : undefined);
}

export function keyProblem(key: string): string | undefined {
  if (!key) return 'must not be empty';
  return textProblem(key, OBJECT_LIMITS.key, false) ?? (KEY.test(key) ? undefined : 'has characters other than letters, digits, dots, dashes and underscores');
}

/** Values and descriptions: newlines and tabs are fine (multi-line values), other control characters are not. */
export function valueProblem(value: string): string | undefined {
  return textProblem(value, OBJECT_LIMITS.value, true);
}

/** The bounds every name, key or value a panel sends must keep (length and characters), whatever its grammar. */
export const FIELD_BOUNDS = {
  name: { max: OBJECT_LIMITS.name, multiline: false },
  key: { max: OBJECT_LIMITS.key, multiline: false },
  value: { max: OBJECT_LIMITS.value, multiline: true },
} as const;
