import { parseDocument } from 'yaml';

/** A YAML value with every scalar as its text: LXD's config values are strings, never numbers. */
export type YamlValue = string | YamlValue[] | Map<string, YamlValue>;

/**
 * Aliases (`*name`) a document may use. `lxc` never writes any; a few are fine in hand-written files,
 * but each one copies its anchor again, so 99 aliases of a 1 MB anchor made a 200 MB catalog.
 */
export const MAX_YAML_ALIASES = 16;

/**
 * Parses YAML with the failsafe schema: every scalar stays the text it was written as (`1.10`,
 * `0x1F`, `1e3`, `~`, 20-digit numbers), maps become Maps so any key (`__proto__` too) is an ordinary
 * key. Anything else the parser can build (binary, non-string keys) is refused with its path.
 */
export function readYaml(text: string): YamlValue | undefined {
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: true });
  if (doc.errors.length) throw new Error(`Not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  let js: unknown;
  try {
    js = doc.toJS({ mapAsMap: true, maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (e instanceof ReferenceError && /Excessive alias count/.test(e.message)) {
      throw new Error(`The YAML repeats its anchors through aliases (*name) more than ${MAX_YAML_ALIASES} times; write the values out instead.`);
    }
    throw new Error(`Not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return js === null || js === undefined ? undefined : checked(js, '');
}

function kind(v: unknown): string {
  if (v instanceof Map) return 'a map';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Uint8Array) return 'binary data';
  if (typeof v === 'string') return 'a string';
  return v === null ? 'null' : `a ${typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v}`;
}

function checked(v: unknown, path: string): YamlValue {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((item, i) => checked(item, `${path}[${i}]`));
  if (v instanceof Map) {
    const out = new Map<string, YamlValue>();
    for (const [k, val] of v) {
      if (typeof k !== 'string') throw new Error(`${path || 'the document'}: keys must be strings, got ${kind(k)}`);
      out.set(k, checked(val, path ? `${path}.${k}` : k));
    }
    return out;
  }
  throw new Error(`${path || 'the document'}: ${kind(v)} is not allowed`);
}

/** Describes a value for an error ("got a map"). */
export function yamlKind(v: YamlValue): string {
  return kind(v);
}
