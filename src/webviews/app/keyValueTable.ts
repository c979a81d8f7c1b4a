import { h } from './dom';

/** A read-only key/value table with a caption for screen readers. */
export function keyValueTable(id: string, caption: string, rows: { key: string; value: string }[], extra?: { header: string; cell(i: number): Node | string }): HTMLElement {
  if (rows.length === 0) return h('p', { id, class: 'muted' }, 'No keys set.');
  return h(
    'table',
    { id, class: 'kv' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, h('th', { attrs: { scope: 'col' } }, 'Key'), h('th', { attrs: { scope: 'col' } }, 'Value'), extra ? h('th', { attrs: { scope: 'col' } }, extra.header) : null)),
    h('tbody', {}, ...rows.map((r, i) => h('tr', {}, h('td', {}, h('code', {}, r.key)), h('td', { class: 'value' }, r.value), extra ? h('td', { class: 'extra' }, extra.cell(i)) : null))),
  );
}
