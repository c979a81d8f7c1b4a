import type { LocalImageView } from '../../images/protocol';
import { formatDate, h } from '../dom';
import { button, buttonRow, facts, icon, section } from '../fields';
import { startPanel } from '../panelApp';
import type { RenderContext } from '../panelApp';
import { formatSize } from '../../../shared/formatSize';
import { stateBadge } from './imageFormat';

type Ctx = RenderContext<LocalImageView, never, Record<string, never>>;

const orDash = (v: string | number | null): string => (v === null || v === '' ? '—' : String(v));

function file(c: Ctx): HTMLElement {
  const v = c.view;
  return section(
    'file',
    'File',
    facts([
      ['State', stateBadge(v.state)],
      ['File', v.file ? h('code', { id: 'file-path' }, v.file) : '—'],
      ['Size', v.size === null ? '—' : `${formatSize(v.size)} (${v.size} bytes)`],
      ['Digest', v.digest ? h('code', { id: 'file-digest' }, `${(v.digestAlgorithm ?? 'SHA256').toLowerCase()}:${v.digest}`) : '—'],
    ]),
    buttonRow(
      button({
        id: 'verify',
        label: 'Verify file',
        icon: 'verified',
        disabled: c.busy || !v.file || !v.digest,
        onClick: () => void c.run({ type: 'verify' }),
      }),
    ),
  );
}

function source(c: Ctx): HTMLElement {
  const v = c.view;
  return section(
    'source',
    'Source',
    v.source
      ? h(
          'div',
          { class: 'rows' },
          h('p', { id: 'source-name' }, icon('package'), ' ', v.source.name),
          buttonRow(button({ id: 'open-source', label: 'Open source', secondary: true, disabled: c.busy, onClick: () => void c.run({ type: 'openSource' }) })),
        )
      : h('p', { id: 'source-removed', class: 'muted' }, icon('warning'), ' Source removed: the image source this file came from is no longer in the catalog.'),
  );
}

function details(v: LocalImageView): HTMLElement {
  return section(
    'details',
    'Details',
    facts([
      ['Type', orDash(v.type)],
      ['Distribution', orDash(v.distribution)],
      ['Release', orDash(v.release)],
      ['Architecture', orDash(v.arch)],
      ['Tags', orDash(v.tags)],
      ['URL', v.url ? h('code', {}, v.url) : '—'],
      ['Created', formatDate(v.creationDate)],
      ['Updated', formatDate(v.updateDate)],
      ['Id', h('code', {}, v.id)],
    ]),
  );
}

export function startLocalImagePanel(): void {
  startPanel<LocalImageView, never, Record<string, never>>({
    draftOf: () => ({}),
    render: (c) => [
      h('header', {}, h('h1', {}, icon('file-zip'), ' ', c.view.name), stateBadge(c.view.state)),
      file(c),
      source(c),
      details(c.view),
    ],
  });
}
