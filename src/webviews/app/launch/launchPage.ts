import type { LaunchDraft, LaunchEngine, LaunchLive, LaunchView } from '../../launch/protocol';
import { containerNameProblem } from '../../../shared/containerNames';
import { h } from '../dom';
import { button, buttonRow, checkbox, facts, icon, section, textField } from '../fields';
import { startPanel } from '../panelApp';
import type { RenderContext } from '../panelApp';

type Ctx = RenderContext<LaunchView, LaunchLive, LaunchDraft>;

const RESTART = ['', 'no', 'always', 'unless-stopped', 'on-failure'] as const;
// The host's limits (validateLaunchMessage), so the page never sends what it refuses.
const MAX = { name: 255, short: 255, list: 8192, item: 8192, path: 4096, items: 64 } as const;

/** An id part made of a name (engines and members may hold dots). */
const slug = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');

function engineOf(c: Ctx): LaunchEngine | undefined {
  return c.view.engines.find((e) => e.name === c.draft.engine);
}

/** A row of buttons where one is chosen (the chosen one primary, aria-pressed), with its error under it. */
function choice(c: Ctx, o: { id: string; label: string; options: { value: string; label: string }[]; value: string; error?: string; onPick(value: string): void }): HTMLElement {
  return h(
    'div',
    { class: 'choice', attrs: { role: 'group', 'aria-labelledby': `${o.id}-label` } },
    h('p', { id: `${o.id}-label`, class: 'choice-label' }, o.label),
    buttonRow(
      ...o.options.map((opt) => {
        const b = button({ id: `${o.id}-${slug(opt.value) || 'none'}`, label: opt.label, secondary: opt.value !== o.value, disabled: c.busy, onClick: () => o.onPick(opt.value) });
        b.setAttribute('aria-pressed', String(opt.value === o.value));
        return b;
      }),
    ),
    o.error ? h('p', { id: `${o.id}-error`, class: 'field-error', attrs: { role: 'alert' } }, icon('error'), ' ', o.error) : null,
  );
}

/**
 * Shows or clears the error under a text field in place. A re-render while the user (or a test driver) moves
 * to the next field would replace the field being typed into, and what is typed there would be lost.
 */
function showFieldError(c: Ctx, id: string, message: string | undefined): void {
  if (message) c.errors[id] = message;
  else delete c.errors[id];
  const field = document.getElementById(id);
  const group = field?.closest('vscode-form-group');
  if (!field || !group) return;
  document.getElementById(`${id}-error`)?.remove();
  field.toggleAttribute('invalid', !!message);
  if (message) group.append(h('p', { id: `${id}-error`, class: 'field-error', attrs: { role: 'alert' } }, icon('error'), ' ', message));
}

/**
 * A list of KEY=VALUE fields that grows by itself: there is always one empty field at the end (added in
 * place as the last one is typed into), so no Add button is needed; values may hold commas and spaces, so
 * they are not one comma-separated field.
 */
function entries(c: Ctx, o: { id: 'env' | 'config'; label: string; placeholder: string; help: string }): HTMLElement {
  const values = c.draft[o.id];
  const list = h('div', { class: 'entries' });
  const field = (i: number, value: string): HTMLElement =>
    textField({
      id: `${o.id}-${i}`,
      label: i === 0 ? o.label : `${o.label} ${i + 1}`,
      maxLength: MAX.item,
      value,
      placeholder: o.placeholder,
      help: i === 0 ? o.help : undefined,
      error: i === 0 ? c.errors[o.id] : undefined,
      disabled: c.busy,
      onInput: (text) => {
        const next = [...c.draft[o.id]];
        next[i] = text;
        c.edit({ [o.id]: next } as Partial<LaunchDraft>);
        if (text && i === list.children.length - 1 && list.children.length < MAX.items) list.append(field(i + 1, ''));
      },
    });
  const shown = values[values.length - 1] === '' ? values : [...values, ''];
  shown.slice(0, MAX.items).forEach((v, i) => list.append(field(i, v)));
  return list;
}

function checkName(c: Ctx, name: string): void {
  const engine = engineOf(c);
  showFieldError(c, 'name', engine ? containerNameProblem(engine.kind, name) : undefined);
}

function lxdFields(c: Ctx, e: LaunchEngine): (HTMLElement | null)[] {
  const d = c.draft;
  const members = c.live?.members[e.name];
  const source = c.view.source;
  return [
    textField({
      id: 'profiles',
      label: 'Profiles, applied in this order',
      maxLength: MAX.list,
      value: d.profiles,
      placeholder: 'default, web',
      help: `Comma-separated; later profiles override earlier ones. ${e.name} has: ${e.profiles.join(', ') || 'no profiles'}.`,
      error: c.errors.profiles,
      disabled: c.busy,
      onInput: (profiles) => c.edit({ profiles }),
    }),
    entries(c, { id: 'config', label: 'Config key', placeholder: 'limits.cpu=2', help: 'Optional KEY=VALUE, one per field (a new field appears when this one is filled).' }),
    members
      ? choice(c, {
          id: 'target',
          label: 'Cluster member',
          options: [{ value: '', label: 'Any member (LXD chooses)' }, ...members.map((m) => ({ value: m, label: m }))],
          value: d.target,
          error: c.errors.target,
          onPick: (target) => c.edit({ target }, true),
        })
      : null,
    source.kind === 'imageSource' && source.https
      ? textField({
          id: 'certificateFile',
          label: 'Image server certificate (PEM file)',
          maxLength: MAX.path,
          value: d.certificateFile,
          placeholder: '/path/to/server.crt',
          help: `For a server with its own CA or a self-signed certificate. Leave empty for LXD's own trust of ${source.server}.`,
          error: c.errors.certificateFile,
          disabled: c.busy,
          onInput: (certificateFile) => c.edit({ certificateFile }),
        })
      : null,
  ];
}

function engineFields(c: Ctx, e: LaunchEngine): (HTMLElement | null)[] {
  const d = c.draft;
  return [
    textField({
      id: 'ports',
      label: 'Ports to publish',
      maxLength: MAX.list,
      value: d.ports,
      placeholder: '127.0.0.1:8080:80, 5353:53/udp',
      help: 'Comma-separated [IP:]HOST:CONTAINER[/tcp|udp].',
      error: c.errors.ports,
      disabled: c.busy,
      onInput: (ports) => c.edit({ ports }),
    }),
    entries(c, { id: 'env', label: 'Environment variable', placeholder: 'KEY=VALUE', help: 'KEY=VALUE, one per field (a new field appears when this one is filled).' }),
    textField({
      id: 'volumes',
      label: 'Volumes',
      maxLength: MAX.list,
      value: d.volumes,
      placeholder: 'data:/var/lib/app, /srv/conf:/etc/app:ro',
      help: 'Comma-separated VOLUME:/PATH or /HOST/PATH:/PATH, with :ro for read-only.',
      error: c.errors.volumes,
      disabled: c.busy,
      onInput: (volumes) => c.edit({ volumes }),
    }),
    textField({
      id: 'network',
      label: 'Network',
      maxLength: MAX.short,
      value: d.network,
      help: `Empty for the engine's default. ${e.name} has: ${e.networks.join(', ') || 'no networks in the catalog'}.`,
      error: c.errors.network,
      disabled: c.busy,
      onInput: (network) => c.edit({ network }),
    }),
    choice(c, {
      id: 'restart',
      label: 'Restart policy',
      options: RESTART.map((r) => ({ value: r, label: r || 'Engine default' })),
      value: d.restart,
      error: c.errors.restart,
      onPick: (restart) => c.edit({ restart }, true),
    }),
    textField({
      id: 'command',
      label: 'Command',
      maxLength: MAX.list,
      value: d.command,
      placeholder: 'sh -c "echo hello"',
      help: "Replaces the image's command; empty keeps it. Quotes keep spaces; nothing is expanded.",
      error: c.errors.command,
      disabled: c.busy,
      onInput: (command) => c.edit({ command }),
    }),
  ];
}

function form(c: Ctx): HTMLElement {
  const d = c.draft;
  const e = engineOf(c);
  const wanted = WANTED[c.view.source.kind];
  if (!c.view.engines.length) {
    return section('target', 'Engine', h('p', { id: 'no-engine', class: 'muted' }, `No ${wanted} engine is connected. Connect one in the Containers view; this panel updates when it is.`));
  }
  return section(
    'target',
    'New container',
    c.view.engines.length === 1
      ? onlyEngine(c, c.view.engines[0], wanted)
      : choice(c, {
          id: 'engine',
          label: `Engine (${wanted}: the engines that can take this source)`,
          options: c.view.engines.map((x) => ({ value: x.name, label: `${x.name} (${x.kind})` })),
          value: d.engine,
          error: c.errors.engine,
          onPick: (engine) => {
            const next = c.view.engines.find((x) => x.name === engine);
            // Profiles are the engine's own: start from its "default" when it has one.
            c.edit({ engine, target: '', profiles: next?.profiles.includes('default') ? 'default' : '' }, true);
          },
        }),
    textField({
      id: 'name',
      label: 'Name',
      maxLength: MAX.name,
      value: d.name,
      help: e?.kind === 'lxd' ? 'Letters, digits and "-", starting with a letter (at most 63).' : 'Letters, digits, "_", "." and "-", starting with a letter or digit.',
      error: c.errors.name,
      disabled: c.busy,
      onInput: (name) => c.edit({ name }),
      onChange: (name) => checkName(c, name),
    }),
    ...(e?.kind === 'lxd' ? lxdFields(c, e) : e ? engineFields(c, e) : []),
    checkbox({ id: 'start', label: 'Start after create', checked: d.start, disabled: c.busy, onChange: (start) => c.edit({ start }) }),
    buttonRow(
      button({
        id: 'launch',
        label: verb(c.view, e),
        icon: 'rocket',
        disabled: c.busy || !e,
        onClick: () => void c.run({ type: 'launch', ...c.draft }),
      }),
    ),
  );
}

/** One engine can take the source: it is named, with why it is the one, rather than offered as a choice of one. */
function onlyEngine(c: Ctx, e: LaunchEngine, wanted: string): HTMLElement {
  const why = c.view.source.kind === 'engineImage' ? 'it holds the image' : `the one ${wanted} engine connected`;
  return h(
    'div',
    { class: 'choice' },
    h('p', { class: 'choice-label' }, 'Engine'),
    h('p', { id: 'engine-only', class: 'only-choice' }, h('strong', {}, e.name), ` (${e.kind}) `, h('span', { class: 'muted' }, `· ${why}`)),
    c.errors.engine ? h('p', { id: 'engine-error', class: 'field-error', attrs: { role: 'alert' } }, icon('error'), ' ', c.errors.engine) : null,
  );
}

const WANTED: Record<LaunchView['source']['kind'], string> = { imageSource: 'LXD', registryTag: 'Podman or Docker', engineImage: 'LXD, Podman or Docker', localImage: 'LXD, Podman or Docker' };

/** The button's word: LXD launches, Podman/Docker run; a local image is imported first. */
function verb(v: LaunchView, e: LaunchEngine | undefined): string {
  const word = e?.kind === 'lxd' ? 'Launch' : 'Run';
  return v.source.kind === 'localImage' ? `Import and ${word.toLowerCase()}` : word;
}

function sourceFacts(c: Ctx): HTMLElement {
  const s = c.view.source;
  const rows: [string, string | HTMLElement][] = (() => {
    switch (s.kind) {
      case 'imageSource':
        return [['Image', s.label], ['Server', h('code', {}, s.server)], ['Asked for', h('code', {}, s.image)]];
      case 'registryTag':
        return [['Registry', s.registry], ['Repository', h('code', {}, s.repository)], ['Tag', h('code', {}, s.tag)], ['Reference', h('code', { id: 'reference' }, s.label)]];
      case 'engineImage':
        return [['Engine', s.engine], ['Image', h('code', { id: 'image' }, s.image.slice(0, 12))], ['Tags', s.tags.join(', ') || 'none']];
      case 'localImage': {
        const as = s.importAs[c.draft.engine];
        return [
          ['Local image', s.label],
          ['Distribution', [s.distribution, s.release, s.arch].filter(Boolean).join(' ') || 'not recorded'],
          ['Import', h('span', { id: 'import-as' }, as ? `first into ${c.draft.engine} as ${as} (the image stays there)` : 'first into the engine chosen below')],
        ];
      }
    }
  })();
  return section('source', 'Source', facts(rows));
}

export function startLaunchPanel(): void {
  startPanel<LaunchView, LaunchLive, LaunchDraft>({
    fieldErrorsNote: 'Nothing was created: see the message next to the field.',
    draftOf: (v) => {
      const first = v.engines[0];
      return {
        engine: first?.name ?? '',
        name: v.suggestedName,
        profiles: first?.profiles.includes('default') ? 'default' : '',
        config: [],
        target: '',
        certificateFile: '',
        ports: '',
        env: [],
        volumes: '',
        network: '',
        restart: '',
        command: '',
        start: true,
      };
    },
    render: (c) => [
      h('header', {}, h('h1', {}, icon('rocket'), ' ', c.view.source.kind === 'registryTag' ? 'Run ' : 'Launch ', c.view.source.label)),
      sourceFacts(c),
      form(c),
    ],
  });
}
