import type { ImageSourceView } from '../../images/protocol';
import { ago, formatDate, h } from '../dom';
import { button, buttonRow, facts, icon, section } from '../fields';
import { startPanel } from '../panelApp';
import type { RenderContext } from '../panelApp';
import { formatSize } from '../../../shared/formatSize';
import { stateBadge } from './imageFormat';

type Ctx = RenderContext<ImageSourceView, never, Record<string, never>>;

const orDash = (v: string | number | null): string => (v === null || v === '' ? '—' : String(v));

function columns(v: ImageSourceView): HTMLElement {
  return section(
    'columns',
    'Image source',
    facts([
      ['Name', orDash(v.name)],
      ['Type', v.type],
      ['Distribution', v.distribution],
      ['Release', orDash(v.release)],
      ['Architecture', orDash(v.arch)],
      ['Tags', orDash(v.tags)],
      ['URL', v.url ? h('code', { id: 'source-url' }, v.url) : '—'],
      ['Size', v.size === null ? '—' : formatSize(v.size)],
      ['Digest', v.digest ? h('code', { id: 'source-digest' }, `${(v.digestAlgorithm ?? 'SHA256').toLowerCase()}:${v.digest}`) : '—'],
      ['Fingerprint', v.fingerprint ? h('code', {}, v.fingerprint) : '—'],
      ['Created', formatDate(v.creationDate)],
      ['Updated', formatDate(v.updateDate)],
    ]),
    // The catalog's bookkeeping columns (seed 001's), for whoever debugs a refresh: closed by default, since
    // they are not facts about the image ("Group tag" is the server and ETag the row came with).
    h(
      'details',
      { id: 'internals' },
      h('summary', {}, 'Internals'),
      facts([
        ['Digest source', orDash(v.digestSource)],
        ['Digest algorithm', orDash(v.digestAlgorithm)],
        ['Digest URL', v.digestUrl ? h('code', {}, v.digestUrl) : '—'],
        ['Local file name', orDash(v.localFilename)],
        ['Configured', v.configured ? 'yes' : 'no'],
        ['Username', orDash(v.username)],
        ['Uid', orDash(v.uid)],
        ['Group tag', orDash(v.groupTag)],
        ['Id', h('code', {}, v.id)],
      ]),
    ),
  );
}

function catalogAge(c: Ctx): HTMLElement {
  const v = c.view;
  return section(
    'catalog',
    'Catalog',
    h(
      'p',
      { id: 'catalog-age' },
      v.catalogRefreshedAt
        ? `The ${v.type} catalog was refreshed ${ago(v.catalogRefreshedAt)} (${formatDate(v.catalogRefreshedAt)}).`
        : `The ${v.type} catalog was never refreshed.`,
    ),
    buttonRow(
      button({ id: 'download', label: 'Download', icon: 'cloud-download', disabled: c.busy || !v.downloadable, onClick: () => void c.run({ type: 'download' }) }),
      button({ id: 'refresh', label: 'Refresh catalog', icon: 'refresh', secondary: true, disabled: c.busy || !v.refreshable, onClick: () => void c.run({ type: 'refresh' }) }),
    ),
    v.downloadable ? null : h('p', { class: 'muted' }, 'Registry images are pulled by the container engines, not downloaded as files.'),
  );
}

function localImages(c: Ctx): HTMLElement {
  const v = c.view;
  return section(
    'local-images',
    'Local images',
    v.localImages.length
      ? h(
          'ul',
          { id: 'locals', class: 'rows', attrs: { 'aria-label': 'Local images made from this source' } },
          ...v.localImages.map((l, i) =>
            h(
              'li',
              {},
              icon('file-zip'),
              h('span', { class: 'grow' }, l.name),
              stateBadge(l.state),
              button({
                id: `open-local-${i}`,
                label: 'Open',
                secondary: true,
                ariaLabel: `Open details of ${l.name}`,
                disabled: c.busy,
                onClick: () => void c.run({ type: 'openLocalImage', localImage: l.id }),
              }),
            ),
          ),
        )
      : h('p', { id: 'locals-none', class: 'muted' }, 'No local image was made from this source yet. Download makes one.'),
  );
}

export function startImageSourcePanel(): void {
  startPanel<ImageSourceView, never, Record<string, never>>({
    draftOf: () => ({}),
    render: (c) => [
      h(
        'header',
        {},
        h('h1', {}, icon('package'), ' ', c.view.name ?? c.view.distribution),
        h('p', { class: 'muted' }, [c.view.type, c.view.arch ?? '', c.view.size === null ? '' : formatSize(c.view.size)].filter(Boolean).join(' · ')),
      ),
      catalogAge(c),
      localImages(c),
      columns(c.view),
    ],
  });
}
