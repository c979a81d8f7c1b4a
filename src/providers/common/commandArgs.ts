/**
 * The one reader of command argument objects, for every capability. Arguments come from keybindings, tests
 * and other extensions: untrusted, so only a plain object with the listed keys, each of its declared type, is
 * accepted; anything else is an ArgumentError that names the command and the key.
 */
export class ArgumentError extends Error {
  constructor(message: string) {
    super(`Invalid command argument: ${message}`);
    this.name = 'ArgumentError';
  }
}

export type ArgKind = 'string' | 'boolean' | 'number' | 'string[]';
/** A key's declared kind, optionally with the longest string (or list) it may be. */
export type ArgSpec = ArgKind | { readonly kind: ArgKind; readonly max?: number };
type ValueOf<K extends ArgKind> = K extends 'string' ? string : K extends 'boolean' ? boolean : K extends 'number' ? number : readonly string[];
type KindOf<S extends ArgSpec> = S extends ArgKind ? S : S extends { kind: infer K extends ArgKind } ? K : never;
export type ArgsOf<T extends Record<string, ArgSpec>> = { readonly [K in keyof T]?: ValueOf<KindOf<T[K]>> };

/** Strings longer than this are refused unless a key says otherwise (URLs, names, YAML paths fit). */
export const DEFAULT_MAX_STRING = 4096;
const MAX_LIST = 1000;

/** True for a plain object (not an array, not a class instance): what an argument object must be. */
export function isPlainObject(arg: unknown): arg is Readonly<Record<string, unknown>> {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return false;
  const proto = Object.getPrototypeOf(arg) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Reads `arg` as an argument object of `spec`. undefined/null (palette, menu without a node) → undefined,
 * so the command asks with a quick pick. Callers test for tree nodes before calling this.
 */
export function readArgs<T extends Record<string, ArgSpec>>(command: string, arg: unknown, spec: T): ArgsOf<T> | undefined {
  if (arg === undefined || arg === null) return undefined;
  const keys = Object.keys(spec);
  if (!isPlainObject(arg)) throw new ArgumentError(`${command} takes an object like {${keys.join(', ')}}.`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(arg)) {
    const s = Object.prototype.hasOwnProperty.call(spec, key) ? spec[key] : undefined;
    if (s === undefined) throw new ArgumentError(`${command}: unknown key "${key}" (expected ${keys.join(', ')}).`);
    if (value === undefined || value === null) continue;
    out[key] = checkValue(command, key, value, typeof s === 'string' ? { kind: s } : s);
  }
  // The command's id rides along, unseen by Object.keys/JSON, so helpers further down (pickers, confirmations)
  // know the caller passed an argument object and can refuse instead of asking.
  Object.defineProperty(out, COMMAND_OF_ARGS, { value: command });
  return out as ArgsOf<T>;
}

const COMMAND_OF_ARGS = Symbol('commandOfArgs');

/**
 * The command an argument object was read for (by readArgs), undefined for anything else: a node, nothing, or
 * an object a command built itself to steer a picker. Its presence means "called by code: never prompt".
 */
export function commandOfArgs(a: unknown): string | undefined {
  return typeof a === 'object' && a !== null ? ((a as { [COMMAND_OF_ARGS]?: string })[COMMAND_OF_ARGS]) : undefined;
}

/**
 * `a[key]` when the caller gave it; with an argument object that lacks it, an ArgumentError naming the key
 * (code called: nothing is asked). Without an argument object, undefined: the command asks.
 */
export function requiredArg<A extends object, K extends keyof A & string>(a: A | undefined, key: K, hint = ''): A[K] | undefined {
  const command = commandOfArgs(a);
  // An empty string counts as missing: the commands treat it as "not given" and would ask.
  if (a === undefined || command === undefined || (a[key] !== undefined && a[key] !== '')) return a?.[key];
  throw new ArgumentError(`${command}: "${key}" is required${hint}.`);
}

/**
 * A destructive command called with an argument object goes ahead only with `confirmed: true`: a modal
 * confirmation is a prompt, and code never gets one. Returns whether the caller confirmed already.
 */
export function confirmedByArgs(a: { readonly confirmed?: boolean } | undefined): boolean {
  const command = commandOfArgs(a);
  if (a?.confirmed === true) return true;
  if (command !== undefined) throw new ArgumentError(`${command}: "confirmed": true is required when called with an argument object (the palette and menus ask instead).`);
  return false;
}

function checkValue(command: string, key: string, value: unknown, spec: { kind: ArgKind; max?: number }): unknown {
  const max = spec.max ?? (spec.kind === 'string[]' ? MAX_LIST : DEFAULT_MAX_STRING);
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') throw new ArgumentError(`${command}: "${key}" must be a string.`);
      if (value.length > max) throw new ArgumentError(`${command}: "${key}" is longer than ${max} characters.`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new ArgumentError(`${command}: "${key}" must be true or false.`);
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new ArgumentError(`${command}: "${key}" must be a number.`);
      return value;
    case 'string[]':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length > DEFAULT_MAX_STRING)) {
        throw new ArgumentError(`${command}: "${key}" must be a list of strings.`);
      }
      if (value.length > max) throw new ArgumentError(`${command}: "${key}" has more than ${max} items.`);
      return [...(value as string[])];
  }
}
