import type { NetworkView } from '../../network/protocol';
import { h } from '../dom';
import { containerLinks } from '../containerLinks';
import { facts, icon, section } from '../fields';
import { startPanel } from '../panelApp';
import type { RenderContext } from '../panelApp';
import { keyValueTable } from '../keyValueTable';

type Ctx = RenderContext<NetworkView, never, Record<string, never>>;

function usedBy(c: Ctx): HTMLElement {
  const v = c.view;
  return section(
    'used-by',
    `Containers using ${v.name}`,
    containerLinks(c, {
      id: 'users',
      label: `Containers using ${v.name}`,
      items: v.usedBy,
      buttonId: (i) => `open-${i}`,
      none: `No container on ${v.engine.name} has a nic on ${v.name}, directly or through a profile.`,
    }),
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
