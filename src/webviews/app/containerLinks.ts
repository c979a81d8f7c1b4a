import type { ContainerLink } from '../container/protocol';
import { h } from './dom';
import { button, icon } from './fields';

export interface ContainerLinksOptions {
  /** Id of the list (tests and screen readers find it by this). */
  id: string;
  /** The list's accessible name, e.g. "Containers using br0". */
  label: string;
  items: ContainerLink[];
  /** Id of the i-th Open button; `<id>-open-<i>` unless given. */
  buttonId?(i: number): string;
  /** Shown instead of an empty list, in a paragraph with id `noneId` (default `<id>-none`). */
  none: string;
  noneId?: string;
}

/**
 * A list of containers, each with an Open button for its detail panel (an `openContainer` request:
 * the extension opens only ids its view lists), or a sentence when there are none.
 */
export function containerLinks(c: { busy: boolean; run(message: { type: 'openContainer'; container: string }): unknown }, o: ContainerLinksOptions): HTMLElement {
  if (!o.items.length) return h('p', { id: o.noneId ?? `${o.id}-none`, class: 'muted' }, o.none);
  const buttonId = o.buttonId ?? ((i: number) => `${o.id}-open-${i}`);
  return h(
    'ul',
    { id: o.id, class: 'rows', attrs: { 'aria-label': o.label } },
    ...o.items.map((u, i) =>
      h(
        'li',
        {},
        icon('vm'),
        h('span', { class: 'grow' }, u.name),
        button({
          id: buttonId(i),
          label: 'Open',
          secondary: true,
          ariaLabel: `Open details of ${u.name}`,
          disabled: c.busy,
          onClick: () => void c.run({ type: 'openContainer', container: u.id }),
        }),
      ),
    ),
  );
}
