// The one filter/sort/group mechanism of the three views (Registries, Image Sources, Containers).
// Pure data and functions: each core describes its rows with a ViewSpec, the faces keep a ViewQuery per
// view (workspace state, settings for the defaults) and hand rows through applyViewQuery.

/** What a view is asked to show. Every part is optional; `{}` shows every row as the view orders it. */
export interface ViewQuery {
  /** Case-insensitive substring of a row's text (its name and what its row shows). */
  readonly text?: string;
  /** field → exact value, one of those the rows show (see fieldValues). */
  readonly fields?: Readonly<Record<string, string>>;
  /** A key of the spec's `sorts`; absent: the spec's first sort. */
  readonly sort?: string;
  /** A key of the spec's `groups`; absent: the spec's first grouping. */
  readonly group?: string;
}

/** Ways to order rows: a comparator per key, the first one the default. */
export type ViewSorts<Row> = Readonly<Record<string, (a: Row, b: Row) => number>>;

/** How a view's rows can be filtered, sorted and grouped. */
export interface ViewSpec<Row> {
  /** Shown in errors ("Containers view"). */
  readonly name: string;
  /** The text a free-text filter searches. */
  readonly text: (row: Row) => string;
  /** Filterable fields: the values a row shows for each (several for profiles). */
  readonly fields: Readonly<Record<string, (row: Row) => string | readonly string[]>>;
  readonly sorts: ViewSorts<Row>;
  /**
   * Groupings: the group names a row falls into. `undefined` is the view's own layout (the tree as
   * it is without grouping); the first key is the default.
   */
  readonly groups: Readonly<Record<string, ((row: Row) => string | readonly string[]) | undefined>>;
}

export interface ViewGroup<Row> {
  /** Undefined for the view's own layout (no grouping). */
  readonly name: string | undefined;
  readonly rows: readonly Row[];
}

const many = (v: string | readonly string[]): readonly string[] => (typeof v === 'string' ? [v] : v);
// One collator for every comparison: `localeCompare` with options builds a new one per call, which made sorting
// 20,000 image sources take over a second of the view's first paint. Built at the first comparison: a process's
// first Intl.Collator loads ICU's collation data (12-15 ms measured), which at module level every activation paid.
let textOrder: Intl.Collator | undefined; // per-bundle cache: each bundle's copy builds the same collator
export const byText = (a: string, b: string): number => (textOrder ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })).compare(a, b);

/** True when nothing narrows the rows (sorting and grouping may still be set). */
export function isUnfiltered(q: ViewQuery): boolean {
  return !q.text && Object.keys(q.fields ?? {}).length === 0;
}

/** True when a row passes the text and every field of the query. */
export function matchesQuery<Row>(spec: ViewSpec<Row>, q: ViewQuery, row: Row): boolean {
  const text = q.text?.trim().toLowerCase();
  if (text && !spec.text(row).toLowerCase().includes(text)) return false;
  for (const [field, value] of Object.entries(q.fields ?? {})) {
    const read = spec.fields[field];
    if (!read || !many(read(row)).includes(value)) return false;
  }
  return true;
}

/** The rows the query lets through, in its order. */
export function filterAndSort<Row>(spec: ViewSpec<Row>, q: ViewQuery, rows: readonly Row[]): Row[] {
  const sorts = Object.keys(spec.sorts);
  const compare = spec.sorts[q.sort ?? sorts[0]] ?? spec.sorts[sorts[0]];
  const kept = rows.filter((r) => matchesQuery(spec, q, r));
  return compare ? kept.sort(compare) : kept;
}

/**
 * Filters, sorts and groups. Without a grouping (or with the view's own layout) one group named
 * undefined holds every row; otherwise groups are ordered by name and a row may sit in several
 * (a container in each of its profiles). Rows with no group name go to "(none)".
 */
export function applyViewQuery<Row>(spec: ViewSpec<Row>, q: ViewQuery, rows: readonly Row[]): ViewGroup<Row>[] {
  const sorted = filterAndSort(spec, q, rows);
  const groupOf = q.group === undefined ? undefined : spec.groups[q.group];
  if (!groupOf) return [{ name: undefined, rows: sorted }];
  const groups = new Map<string, Row[]>();
  for (const r of sorted) {
    const names = many(groupOf(r));
    for (const n of names.length ? names : ['(none)']) {
      const g = groups.get(n) ?? [];
      g.push(r);
      groups.set(n, g);
    }
  }
  return [...groups.keys()].sort(byText).map((name) => ({ name, rows: groups.get(name) ?? [] }));
}

/** The distinct values of one field among the rows the query's other filters let through: what a pick offers. */
export function fieldValues<Row>(spec: ViewSpec<Row>, q: ViewQuery, rows: readonly Row[], field: string): string[] {
  const read = spec.fields[field];
  if (!read) return [];
  const others = { ...q.fields };
  delete others[field];
  const values = new Set<string>();
  for (const r of rows) if (matchesQuery(spec, { ...q, fields: others }, r)) for (const v of many(read(r))) if (v !== '') values.add(v);
  return [...values].sort(byText);
}

/**
 * The view's description: "filtered: running, "web" · by state · sorted by created". Empty when the
 * query is the default (spec's first sort and grouping, no filter).
 */
export function describeViewQuery<Row>(spec: ViewSpec<Row>, q: ViewQuery): string {
  const parts: string[] = [];
  const filters = [...Object.values(q.fields ?? {}), ...(q.text ? [`"${q.text}"`] : [])];
  if (filters.length) parts.push(`filtered: ${filters.join(', ')}`);
  const firstGroup = Object.keys(spec.groups)[0];
  if (q.group !== undefined && q.group !== firstGroup) parts.push(`by ${q.group}`);
  const firstSort = Object.keys(spec.sorts)[0];
  if (q.sort !== undefined && q.sort !== firstSort) parts.push(`sorted by ${q.sort}`);
  return parts.join(' · ');
}

/**
 * Reads a query from untrusted data (workspace state, settings, a command's argument): only the spec's
 * fields, sorts and groupings, only strings. Throws an Error naming what is wrong; `where` names the source.
 */
export function readViewQuery<Row>(spec: ViewSpec<Row>, value: unknown, where: string): ViewQuery {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: a view query must be an object.`);
  const v = value as Record<string, unknown>;
  const unknownKey = Object.keys(v).find((k) => !['text', 'fields', 'sort', 'group'].includes(k));
  if (unknownKey) throw new Error(`${where}: unknown key "${unknownKey}" (known: text, fields, sort, group).`);
  const out: { text?: string; fields?: Record<string, string>; sort?: string; group?: string } = {};
  if (v.text !== undefined) {
    if (typeof v.text !== 'string' || v.text.length > 200) throw new Error(`${where}: "text" must be a string of at most 200 characters.`);
    if (v.text.trim()) out.text = v.text.trim();
  }
  if (v.fields !== undefined) {
    if (typeof v.fields !== 'object' || v.fields === null || Array.isArray(v.fields)) throw new Error(`${where}: "fields" must be an object.`);
    const fields: Record<string, string> = {};
    for (const [k, x] of Object.entries(v.fields)) {
      if (!Object.hasOwn(spec.fields, k)) throw new Error(`${where}: the ${spec.name} has no field "${k}" (fields: ${Object.keys(spec.fields).join(', ')}).`);
      if (typeof x !== 'string') throw new Error(`${where}: the value of field "${k}" must be a string.`);
      if (x !== '') fields[k] = x;
    }
    if (Object.keys(fields).length) out.fields = fields;
  }
  for (const key of ['sort', 'group'] as const) {
    const x = v[key];
    if (x === undefined) continue;
    const known = Object.keys(key === 'sort' ? spec.sorts : spec.groups);
    if (typeof x !== 'string' || !known.includes(x)) throw new Error(`${where}: "${key}" must be one of ${known.join(', ')}.`);
    out[key] = x;
  }
  return out;
}
