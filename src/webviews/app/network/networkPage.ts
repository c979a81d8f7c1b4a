import type { NetworkView } from '../../network/protocol';
import { h } from '../dom';
import { button, facts, icon, section } from '../fields';
import { startPanel } from '../panelApp';
import type { RenderContext } from '../panelApp';
import { keyValueTable } from '../keyValueTable';

type Ctx = RenderContext<NetworkView, never, Record<string, never>>;

function usedBy(c: Ctx): HTMLElement {
  const v = c.view;
  return section(
    'used-by',
    `Containers using ${v.name}`,
    v.usedBy.length
      ? h(
          'ul',
          { id: 'users', class: 'rows', attrs: { 'aria-label': `Containers using ${v.name}` } },
          ...v.usedBy.map((u, i) =>
            h(
              'li',
              {},
              icon('vm'),
              h('span', { class: 'grow' }, u.name),
              button({
                id: `open-${i}`,
                label: 'Open',
                secondary: true,
                ariaLabel: `Open details of ${u.name}`,
                disabled: c.busy,
                onClick: () => void c.run({ type: 'openContainer', container: u.id }),
              }),
            ),
          ),
        )
      : h('p', { id: 'users-none', class: 'muted' }, `No container on ${v.engine.name} has a nic on ${v.name}, directly or through a profile.`),
  );
}

export function startNetworkPanel(): void {
  startPanel<NetworkView, never, Record<string, never>>({
    draftOf: () => ({}),
    render: (c) => [
      h('header', {}, h('h1', {}, icon('globe'), ' ', c.view.name), h('p', { class: 'muted' }, `Network on ${c.view.engine.name} (${c.view.engine.kind})`)),
      section('overview', 'Overview', facts([
        ['Engine', `${c.view.engine.name} (${c.view.engine.kind})`],
        ['Description', c.view.description || '—'],
        ['Used by', `${c.view.usedBy.length} container${c.view.usedBy.length === 1 ? '' : 's'}`],
      ])),
      usedBy(c),
      section('config', 'Configuration', keyValueTable('network-config', 'Network configuration', c.view.config)),
    ],
  });
}
