/**
 * Tiny, strict validators for messages that come from a webview page. The page is untrusted input:
 * a compromised or buggy page can post anything the structured-clone algorithm allows. Every check
 * builds a fresh value from known keys only, so nothing the page sent (extra keys, prototypes,
 * getters) survives into the extension.
 */

import { CONTROL_CHARS, CONTROL_CHARS_MULTILINE } from '../containers/objectRules';

export class ValidationError extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path || 'message'}: ${problem}`);
    this.name = 'ValidationError';
  }
}

/** A check returns the validated value or throws ValidationError. */
export type Check<T> = (value: unknown, path: string) => T;

/** The value type a check produces. */
export type Checked<C> = C extends Check<infer T> ? T : never;

/** Hard limits that apply to every message before any shape check runs. */
export const MESSAGE_LIMITS = {
  /** Total characters of all strings and keys, roughly the serialized size. */
  maxChars: 256 * 1024,
  maxDepth: 8,
  /** Objects, arrays and primitives visited. */
  maxNodes: 5000,
} as const;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Walks the raw value once, bounded, before shape checks: rejects cycles, deep nesting, huge
 * strings, and anything that is not plain data (functions cannot arrive by postMessage, but Maps,
 * Dates, typed arrays and Blobs can).
 */
export function checkBounds(value: unknown, limits = MESSAGE_LIMITS): void {
  let chars = 0;
  let nodes = 0;
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number, path: string): void => {
    if (++nodes > limits.maxNodes) throw new ValidationError(path, `too many values (more than ${limits.maxNodes})`);
    if (typeof v === 'string') {
      chars += v.length;
      if (chars > limits.maxChars) throw new ValidationError(path, `message too large (more than ${limits.maxChars} characters)`);
      return;
    }
    if (v === null || typeof v === 'number' || typeof v === 'boolean' || v === undefined) return;
    if (typeof v !== 'object') throw new ValidationError(path, `${typeof v} values are not allowed`);
    if (depth >= limits.maxDepth) throw new ValidationError(path, `nested deeper than ${limits.maxDepth} levels`);
    if (seen.has(v)) throw new ValidationError(path, 'cyclic or shared structure');
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${path}[${i}]`);
      return;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new ValidationError(path, 'only plain objects are allowed');
    for (const key of Object.keys(v)) {
      chars += key.length;
      if (chars > limits.maxChars) throw new ValidationError(path, `message too large (more than ${limits.maxChars} characters)`);
      walk((v as Record<string, unknown>)[key], depth + 1, path ? `${path}.${key}` : key);
    }
  };
  walk(value, 0, '');
}

export interface StringRules {
  /** Maximum length in UTF-16 code units; required so no field is unbounded. */
  max: number;
  min?: number;
  pattern?: RegExp;
  /** Explains `pattern` in the error. */
  patternHint?: string;
  /** Allow newlines and tabs (for multi-line values); other control characters are always refused. */
  multiline?: boolean;
}

// NUL and other C0/C1 controls never belong in names, URLs or config values: the core's character
// rules (objectRules), so a panel refuses exactly what the YAML import and the CLI refuse.
const CONTROL_SINGLE = CONTROL_CHARS;
const CONTROL_MULTI = CONTROL_CHARS_MULTILINE;

export function str(rules: StringRules): Check<string> {
  return (v, path) => {
    if (typeof v !== 'string') throw new ValidationError(path, `expected a string, got ${describe(v)}`);
    if (v.length > rules.max) throw new ValidationError(path, `longer than ${rules.max} characters`);
    if (rules.min !== undefined && v.length < rules.min) {
      throw new ValidationError(path, rules.min === 1 ? 'must not be empty' : `shorter than ${rules.min} characters`);
    }
    if ((rules.multiline ? CONTROL_MULTI : CONTROL_SINGLE).test(v)) throw new ValidationError(path, 'contains control characters');
    if (rules.pattern && !rules.pattern.test(v)) throw new ValidationError(path, rules.patternHint ?? `does not match ${rules.pattern}`);
    return v;
  };
}

export function int(min: number, max: number): Check<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new ValidationError(path, `expected an integer, got ${describe(v)}`);
    if (v < min || v > max) throw new ValidationError(path, `must be between ${min} and ${max}`);
    return v;
  };
}

export const bool: Check<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new ValidationError(path, `expected true or false, got ${describe(v)}`);
  return v;
};

export function literal<const T extends string | number | boolean>(expected: T): Check<T> {
  return (v, path) => {
    if (v !== expected) throw new ValidationError(path, `expected ${JSON.stringify(expected)}`);
    return expected;
  };
}

export function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return (v, path) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      throw new ValidationError(path, `expected one of ${values.join(', ')}`);
    }
    return v as T;
  };
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v, path) => (v === null ? null : check(v, path));
}

export function array<T>(item: Check<T>, maxItems: number): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) throw new ValidationError(path, `expected a list, got ${describe(v)}`);
    if (v.length > maxItems) throw new ValidationError(path, `more than ${maxItems} items`);
    // Index access, not iteration: a sparse array's holes become undefined and fail the item check.
    const out: T[] = [];
    for (let i = 0; i < v.length; i++) out.push(item(v[i], `${path}[${i}]`));
    return out;
  };
}

/** Marks a key of `object()` as optional: absent (or undefined) is allowed. */
export interface Optional<T> {
  readonly optional: Check<T>;
}
export function optional<T>(check: Check<T>): Optional<T> {
  return { optional: check };
}

type Shape = Record<string, Check<unknown> | Optional<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? K : never }[keyof S];
type Expand<T> = T extends infer O ? { [K in keyof O]: O[K] } : never;
export type ShapeType<S extends Shape> = Expand<
  { [K in RequiredKeys<S>]: S[K] extends Check<infer T> ? T : never } & {
    [K in OptionalKeys<S>]?: S[K] extends Optional<infer T> ? T : never;
  }
>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** An object with exactly these keys: unknown keys are refused, not dropped, so typos and probes show in the log. */
export function object<S extends Shape>(shape: S): Check<ShapeType<S>> {
  const known = new Set(Object.keys(shape));
  return (v, path) => {
    if (!isPlainObject(v)) throw new ValidationError(path, `expected an object, got ${describe(v)}`);
    for (const key of Object.keys(v)) {
      if (!known.has(key)) throw new ValidationError(path, `unknown field ${JSON.stringify(key.slice(0, 40))}`);
    }
    const out: Record<string, unknown> = {};
    for (const key of known) {
      const rule = shape[key];
      const sub = path ? `${path}.${key}` : key;
      const has = Object.prototype.hasOwnProperty.call(v, key) && v[key] !== undefined;
      if ('optional' in rule) {
        if (has) out[key] = rule.optional(v[key], sub);
      } else {
        if (!has) throw new ValidationError(sub, 'is missing');
        out[key] = rule(v[key], sub);
      }
    }
    return out as ShapeType<S>;
  };
}

/** A map with bounded size, validated keys and values (config tables). */
export function record<V>(key: Check<string>, value: Check<V>, maxKeys: number): Check<Record<string, V>> {
  return (v, path) => {
    if (!isPlainObject(v)) throw new ValidationError(path, `expected an object, got ${describe(v)}`);
    const keys = Object.keys(v);
    if (keys.length > maxKeys) throw new ValidationError(path, `more than ${maxKeys} entries`);
    // A null-prototype result: a key named "__proto__" stays a plain key and cannot reach Object.prototype.
    const out = Object.create(null) as Record<string, V>;
    for (const k of keys) out[key(k, `${path}{key}`)] = value(v[k], `${path}.${k.slice(0, 40)}`);
    return out;
  };
}

/**
 * A refused message's `requestId` when it carries one the page could be waiting on: the page gets an
 * error reply instead of waiting forever with its buttons disabled. Read as an own data property
 * only, so nothing the page sent runs.
 */
export type Outcome<T> = { ok: true; message: T } | { ok: false; error: string; requestId?: number };

function requestIdOf(raw: unknown): number | undefined {
  if (!isPlainObject(raw)) return undefined;
  const d = Object.getOwnPropertyDescriptor(raw, 'requestId');
  const v: unknown = d && 'value' in d ? d.value : undefined;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : undefined;
}

/**
 * A validator for one panel's page→extension messages: a discriminated union on `type`.
 * Checks bounds first, then picks the variant by `type` (unknown types are refused), then the
 * variant's exact shape. Never throws.
 */
export function messageUnion<M extends { type: string }>(variants: { [T in M['type']]: Check<Extract<M, { type: T }>> }) {
  const table = variants as Record<string, Check<M>>;
  return (raw: unknown): Outcome<M> => {
    try {
      checkBounds(raw);
      if (!isPlainObject(raw)) throw new ValidationError('', `expected an object, got ${describe(raw)}`);
      const type = raw.type;
      if (typeof type !== 'string') throw new ValidationError('type', 'is missing or not a string');
      if (!Object.prototype.hasOwnProperty.call(table, type)) throw new ValidationError('type', `unknown message type ${JSON.stringify(type.slice(0, 40))}`);
      return { ok: true, message: table[type](raw, '') };
    } catch (e) {
      const error = e instanceof ValidationError ? e.message : `validator failed: ${String(e)}`;
      const id = requestIdOf(raw);
      return id === undefined ? { ok: false, error } : { ok: false, error, requestId: id };
    }
  };
}

/** Request ids the page attaches so replies find their caller. */
export const requestId = int(1, Number.MAX_SAFE_INTEGER);
