import type { StorageVolumeView } from '../../storage/protocol';
import { containerLinks } from '../containerLinks';
import { h } from '../dom';
import { button, buttonRow, facts, icon, section } from '../fields';
import { keyValueTable } from '../keyValueTable';
import { startPanel } from '../panelApp';
import type { RenderContext } from '../panelApp';

type Ctx = RenderContext<StorageVolumeView, never, Record<string, never>>;

function usedBy(c: Ctx): HTMLElement {
  const v = c.view;
  const none =
    v.type === 'custom'
      ? `No container on ${v.engine.name} has a disk device on ${v.name}, directly or through a profile.`
      : v.type === 'container'
        ? `The catalog has no container ${v.name} (a snapshot's volume, or a container not synced).`
        : `The engine uses ${v.type} volumes itself; no container attaches them.`;
  return section(
    'used-by',
    v.type === 'container' ? 'Root disk of' : `Containers using ${v.name}`,
    containerLinks(c, { id: 'users', label: `Containers using ${v.name}`, items: v.usedBy, buttonId: (i) => `open-${i}`, none }),
  );
}

export function startStorageVolumePanel(): void {
  startPanel<StorageVolumeView, never, Record<string, never>>({
    draftOf: () => ({}),
    render: (c) => {
      const v = c.view;
      return [
        h('header', {}, h('h1', {}, icon('archive'), ' ', v.name), h('p', { class: 'muted' }, `${v.type} volume in pool ${v.pool.name} on ${v.engine.name} (${v.engine.kind})`)),
        section('overview', 'Overview', facts([
          ['Engine', `${v.engine.name} (${v.engine.kind})`],
          ['Pool', `${v.pool.name} (${v.pool.driver})`],
          ['Type', v.type],
          ['Description', v.description || '—'],
          ['Used by', `${v.usedBy.length} container${v.usedBy.length === 1 ? '' : 's'}`],
        ]),
        buttonRow(button({ id: 'pool-open', label: `Open pool ${v.pool.name}`, icon: 'database', secondary: true, disabled: c.busy, onClick: () => void c.run({ type: 'openPool', pool: v.pool.id }) }))),
        usedBy(c),
        section('config', 'Configuration', keyValueTable('volume-config', 'Storage volume configuration', v.config)),
      ];
    },
  });
}
