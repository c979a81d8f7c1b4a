import type { ImageNode } from './imageTreeModel';

const NODE_TYPES = new Set(['sourceType', 'distribution', 'source', 'localGroup', 'local', 'filter', 'error']);

/** A tree node passed by a menu (inline action, context menu). */
export function asNode(arg: unknown): ImageNode | undefined {
  return typeof arg === 'object' && arg !== null && NODE_TYPES.has((arg as { type?: unknown }).type as string) && 'id' in arg
    ? (arg as ImageNode)
    : undefined;
}

/**
 * An argument object from a keybinding, a test or another extension: plain object, only the
 * listed keys, each a string (or boolean for `booleans`). Anything else is refused with a message.
 */
export function argObject<K extends string, B extends string = never>(
  command: string,
  arg: unknown,
  strings: readonly K[],
  booleans: readonly B[] = [],
): (Partial<Record<K, string>> & Partial<Record<B, boolean>>) | undefined {
  if (arg === undefined || arg === null || asNode(arg)) return undefined;
  if (typeof arg !== 'object' || Array.isArray(arg) || Object.getPrototypeOf(arg) !== Object.prototype) {
    throw new Error(`${command}: the argument must be an object like {${[...strings, ...booleans].join(', ')}}`);
  }
  const out: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(arg as Record<string, unknown>)) {
    if ((strings as readonly string[]).includes(k)) {
      if (typeof v !== 'string' || v.length > 4096) throw new Error(`${command}: "${k}" must be a string`);
      out[k] = v;
    } else if ((booleans as readonly string[]).includes(k)) {
      if (typeof v !== 'boolean') throw new Error(`${command}: "${k}" must be true or false`);
      out[k] = v;
    } else {
      throw new Error(`${command}: unknown argument "${k}" (expected ${[...strings, ...booleans].join(', ')})`);
    }
  }
  return out as Partial<Record<K, string>> & Partial<Record<B, boolean>>;
}
