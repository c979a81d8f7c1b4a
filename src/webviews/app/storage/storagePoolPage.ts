import type { StoragePoolView } from '../../storage/protocol';
import { containerLinks } from '../containerLinks';
import { h, plural } from '../dom';
import { button, facts, icon, section } from '../fields';
import { keyValueTable } from '../keyValueTable';
import { startPanel } from '../panelApp';
import type { RenderContext } from '../panelApp';

type Ctx = RenderContext<StoragePoolView, never, Record<string, never>>;


function rootDisks(c: Ctx): HTMLElement {
  const v = c.view;
  return section(
    'root-disks',
    'Containers with their root disk here',
    containerLinks(c, {
      id: 'root-users',
      label: `Containers whose root disk is in ${v.name}`,
      items: v.rootDisks,
      none: `No container on ${v.engine.name} has its root disk in ${v.name}, directly or through a profile.`,
    }),
  );
}

/** Custom volumes (the ones users make and attach), each with the containers that have a disk on it. */
function customVolumes(c: Ctx): HTMLElement {
  const v = c.view;
  const custom = v.volumes.map((vol, i) => ({ vol, i })).filter(({ vol }) => vol.type === 'custom');
  return section(
    'custom-volumes',
    'Custom volumes and their users',
    custom.length
      ? h(
          'ul',
          { id: 'volume-list', class: 'rows', attrs: { 'aria-label': `Custom volumes in ${v.name}` } },
          ...custom.map(({ vol, i }) =>
            h(
              'li',
              {},
              icon('archive'),
              h('span', { class: 'grow' }, vol.name),
              h('span', { class: 'muted' }, plural(vol.usedBy.length, 'user')),
              vol.id
                ? button({ id: `vol-open-${i}`, label: 'Open', secondary: true, ariaLabel: `Open details of volume ${vol.name}`, disabled: c.busy, onClick: () => void c.run({ type: 'openVolume', volume: vol.id }) })
                : null,
              h('div', { class: 'others' },
                containerLinks(c, { id: `vol-users-${i}`, label: `Containers using volume ${vol.name}`, items: vol.usedBy, none: `No container has a disk on ${vol.name}.` })),
            ),
          ),
        )
      : h('p', { id: 'volume-list-none', class: 'muted' }, 'No custom volume in this pool.'),
  );
}

/** The engine's own volumes (containers' root volumes and their snapshots, images): listed, not opened. */
function engineVolumes(c: Ctx): HTMLElement | null {
  const own = c.view.volumes.filter((vol) => vol.type !== 'custom');
  if (!own.length) return null;
  return section(
    'engine-volumes',
    'Volumes the engine manages',
    h(
      'ul',
      { id: 'engine-volume-list', class: 'rows compact', attrs: { 'aria-label': `Volumes the engine manages in ${c.view.name}` } },
      ...own.map((vol) => h('li', {}, icon(vol.type === 'image' ? 'file-binary' : 'vm'), h('span', { class: 'grow' }, vol.name), h('span', { class: 'muted' }, vol.type))),
    ),
  );
}

export function startStoragePoolPanel(): void {
  startPanel<StoragePoolView, never, Record<string, never>>({
    draftOf: () => ({}),
    render: (c) => {
      const v = c.view;
      const custom = v.volumes.filter((x) => x.type === 'custom').length;
      return [
        h('header', {}, h('h1', {}, icon('database'), ' ', v.name), h('p', { class: 'muted' }, `Storage pool on ${v.engine.name} (${v.engine.kind})`)),
        section('overview', 'Overview', facts([
          ['Engine', `${v.engine.name} (${v.engine.kind})`],
          ['Driver', v.driver],
          ['Volumes', `${v.volumes.length} (${custom} custom)`],
          ['Root disks', plural(v.rootDisks.length, 'container')],
        ])),
        section('config', 'Configuration', keyValueTable('pool-config', 'Storage pool configuration', v.config)),
        rootDisks(c),
        customVolumes(c),
        engineVolumes(c),
      ].filter((n): n is HTMLElement => n !== null);
    },
  });
}
