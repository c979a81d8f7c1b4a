/** A tiny element builder: text goes in as text nodes (never parsed as HTML), events via addEventListener. */

type Child = Node | string | number | null | undefined | false;

export interface Props {
  /** HTML attributes (strings; `true` sets an empty attribute, false/undefined skips it). */
  attrs?: Record<string, string | boolean | undefined>;
  /** DOM properties (value, checked, label … on the custom elements). */
  props?: Record<string, unknown>;
  on?: Record<string, (event: Event) => void>;
  class?: string;
  id?: string;
}

export function h(tag: string, props: Props = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  if (props.id) el.id = props.id;
  if (props.class) el.className = props.class;
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    if (v === true) el.setAttribute(k, '');
    else if (typeof v === 'string') el.setAttribute(k, v);
  }
  for (const [k, v] of Object.entries(props.props ?? {})) (el as unknown as Record<string, unknown>)[k] = v;
  for (const [k, fn] of Object.entries(props.on ?? {})) el.addEventListener(k, fn);
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
  return el;
}

/** Replaces the content of `root`, keeping keyboard focus on the element with the same id. */
export function replaceContent(root: HTMLElement, content: Node[]): void {
  const focusedId = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
  root.replaceChildren(...content);
  if (focusedId) {
    const again = document.getElementById(focusedId);
    if (again) again.focus();
  }
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** "1 container", "3 containers"; `many` for words whose plural is not `one` + "s" ("repository"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "3 min ago", for how fresh a verification or sync is. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}
