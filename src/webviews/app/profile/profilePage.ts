import type { ProfileView } from '../../profile/protocol';
import { configEditor } from '../configEditor';
import { devicesEditor } from '../devicesEditor';
import { h } from '../dom';
import { button, buttonRow, facts, icon, section, textField } from '../fields';
import { startPanel } from '../panelApp';
import type { RenderContext } from '../panelApp';

/** What the user is typing in the panel's forms (kept in webview state across hide/show). */
interface ProfileDraft {
  key: string;
  value: string;
  device: string;
  deviceConfig: string;
  description: string;
}

type Ctx = RenderContext<ProfileView, never, ProfileDraft>;

function overview(c: Ctx): HTMLElement {
  const v = c.view;
  return section(
    'overview',
    'Overview',
    facts([
      ['Engine', `${v.engine.name} (${v.engine.kind})`],
      ['Used by', `${v.usedBy.length} container${v.usedBy.length === 1 ? '' : 's'}`],
    ]),
    textField({
      id: 'description',
      label: 'Description',
      maxLength: 4096,
      value: c.draft.description,
      error: c.errors.description,
      disabled: c.busy,
      onInput: (description) => c.edit({ description }),
    }),
    buttonRow(
      button({
        id: 'description-save',
        label: 'Save description',
        icon: 'save',
        secondary: true,
        disabled: c.busy,
        onClick: () => void c.run({ type: 'setDescription', description: c.draft.description }, { edit: true }),
      }),
    ),
  );
}

function usedBy(c: Ctx): HTMLElement {
  const v = c.view;
  return section(
    'used-by',
    'Used by',
    v.usedBy.length
      ? h(
          'ul',
          { id: 'users', class: 'rows', attrs: { 'aria-label': `Containers with ${v.name} applied` } },
          ...v.usedBy.map((u, i) =>
            h(
              'li',
              {},
              icon('vm'),
              h('span', { class: 'grow' }, u.name),
              button({ id: `open-${i}`, label: 'Open', secondary: true, ariaLabel: `Open details of ${u.name}`, disabled: c.busy, onClick: () => void c.run({ type: 'openContainer', container: u.id }) }),
            ),
          ),
        )
      : h('p', { id: 'users-none', class: 'muted' }, `No container on ${v.engine.name} has ${v.name} applied.`),
  );
}

export function startProfilePanel(): void {
  startPanel<ProfileView, never, ProfileDraft>({
    draftOf: (v) => ({ key: '', value: '', device: '', deviceConfig: '', description: v.description }),
    render: (c) => {
      const v = c.view;
      const users = v.usedBy.length;
      return [
        h('header', {}, h('h1', {}, icon('layers'), ' ', v.name), h('p', { class: 'muted' }, `Profile on ${v.engine.name} (${v.engine.kind})`)),
        v.draft
          ? h('p', { id: 'draft-note', class: 'banner info', attrs: { role: 'note' } }, icon('notebook'), ' A draft in the local catalog: edits change the catalog only. LXD checks the values when you apply the profile to an engine.')
          : users
            ? h('p', { id: 'users-note', class: 'muted' }, `Changes apply at once to the ${users} container${users === 1 ? '' : 's'} using this profile.`)
            : null,
        overview(c),
        section('config', 'Configuration', ...configEditor(c, v.config, `Configuration keys of profile ${v.name}`)),
        section('devices-section', 'Devices', ...devicesEditor(c, v.devices, 'No devices.')),
        usedBy(c),
      ].filter((n): n is HTMLElement => n !== null);
    },
  });
}
