import type { ProfileView } from '../../profile/protocol';
import { configEditor } from '../configEditor';
import { devicesEditor } from '../devicesEditor';
import { h, plural } from '../dom';
import { button, buttonRow, facts, icon, textField } from '../fields';
import { startPanel } from '../panelApp';
import type { RenderContext } from '../panelApp';
import { tabs } from '../tabs';
import { OBJECT_LIMITS } from '../../../containers/objectRules';

/** What the user is typing in the panel's forms (kept in webview state across hide/show). */
interface ProfileDraft {
  key: string;
  value: string;
  device: string;
  deviceConfig: string;
  description: string;
}

type Ctx = RenderContext<ProfileView, never, ProfileDraft>;

const TABS = ['Overview', 'Config', 'Devices', 'Used by'] as const;


function overview(c: Ctx): Node[] {
  const v = c.view;
  return [
    facts([
      ['Engine', `${v.engine.name} (${v.engine.kind})`],
      ['Config keys', String(v.config.length)],
      ['Devices', v.devices.map((d) => d.name).join(', ') || 'none'],
      ['Used by', plural(v.usedBy.length, 'container')],
    ]),
    textField({
      id: 'description',
      label: 'Description',
      maxLength: OBJECT_LIMITS.value,
      value: c.draft.description,
      error: c.errors.description,
      disabled: c.busy,
      // Redraw only when the text starts or stops differing from the profile's (Save's state flips);
      // other keystrokes keep the caret where it is.
      onInput: (description) => c.edit({ description }, (description === v.description) !== (c.draft.description === v.description)),
    }),
    buttonRow(
      button({
        id: 'description-save',
        label: 'Save description',
        icon: 'save',
        // Nothing to save until the text differs from the profile's.
        disabled: c.busy || c.draft.description === v.description,
        onClick: () => void c.run({ type: 'setDescription', description: c.draft.description }, { edit: true }),
      }),
    ),
  ];
}

function usedBy(c: Ctx): Node[] {
  const v = c.view;
  return [
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
  ];
}

/** Who an edit reaches: every container using the profile, or (a draft) nothing but the catalog. */
function scopeNote(v: ProfileView): HTMLElement {
  if (v.draft) {
    return h('p', { id: 'scope-note', class: 'note' }, icon('notebook'), ' A draft in the local catalog: edits change the catalog only. LXD checks the values when the profile is applied to an engine.');
  }
  return h('p', { id: 'scope-note', class: 'muted' }, v.usedBy.length ? `Edits apply at once to the ${plural(v.usedBy.length, 'container')} using this profile.` : 'No container uses this profile yet.');
}

export function startProfilePanel(): void {
  startPanel<ProfileView, never, ProfileDraft>({
    draftOf: (v) => ({ key: '', value: '', device: '', deviceConfig: '', description: v.description }),
    render: (c) => {
      const v = c.view;
      const bodies = [
        overview(c),
        configEditor(c, v.config, `Configuration keys of profile ${v.name}`),
        devicesEditor(c, v.devices, {
          none: 'No devices.',
          // The extension does not ask again: the question is here, where the user clicked.
          confirmInPage: (device) => `Remove device ${device} from ${v.name}${v.usedBy.length ? ` and so from the ${plural(v.usedBy.length, 'container')} using it` : ''}?`,
        }),
        usedBy(c),
      ];
      return [
        h('header', {}, h('h1', {}, icon('layers'), ' ', v.name), h('p', { class: 'muted' }, `Profile on ${v.engine.name} (${v.engine.kind})${v.description ? ` · ${v.description}` : ''}`), scopeNote(v)),
        tabs(c, TABS, bodies),
      ];
    },
  });
}
