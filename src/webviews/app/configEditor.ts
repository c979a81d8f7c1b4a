import type { KeyValue } from '../configEditProtocol';
import type { FieldErrors, ReplyMessage } from '../protocol';
import { h } from './dom';
import { button, buttonRow, textField } from './fields';
import { keyValueTable } from './keyValueTable';
import { OBJECT_LIMITS } from '../../containers/objectRules';

/** The part of a panel's draft the config editor owns. */
export interface ConfigDraft {
  key: string;
  value: string;
}

/** What the editor needs of a page's RenderContext (any panel whose draft has `key` and `value`). */
export interface ConfigEditorContext {
  readonly draft: ConfigDraft;
  readonly errors: FieldErrors;
  readonly busy: boolean;
  edit(patch: Partial<ConfigDraft>, rerender?: boolean): void;
  run(message: { type: string; [k: string]: unknown }, options?: { edit?: boolean }): Promise<ReplyMessage>;
}

/**
 * An editable config table (edit and unset per key; volatile.* keys are the engine's) and the
 * "Set a key" form; errors of the key and the value show under their fields.
 */
export function configEditor(c: ConfigEditorContext, rows: KeyValue[], caption: string): Node[] {
  return [
    keyValueTable('config-table', caption, rows, {
      header: 'Actions',
      cell: (i) => {
        const { key, value } = rows[i];
        if (key.startsWith('volatile.')) return h('span', { class: 'muted' }, 'set by the engine');
        return h(
          'span',
          { class: 'buttons inline' },
          button({ id: `cfg-edit-${i}`, label: 'Edit', secondary: true, ariaLabel: `Edit ${key}`, disabled: c.busy, onClick: () => c.edit({ key, value }, true) }),
          button({ id: `cfg-unset-${i}`, label: 'Unset', secondary: true, ariaLabel: `Unset ${key}`, disabled: c.busy, onClick: () => void c.run({ type: 'unsetConfig', key }, { edit: true }) }),
        );
      },
    }),
    h('h3', {}, 'Set a key'),
    textField({ id: 'cfg-key', label: 'Key', maxLength: OBJECT_LIMITS.key, value: c.draft.key, placeholder: 'user.note, limits.cpu, boot.autostart', error: c.errors.key, disabled: c.busy, onInput: (key) => c.edit({ key }) }),
    textField({ id: 'cfg-value', label: 'Value', maxLength: OBJECT_LIMITS.value, value: c.draft.value, error: c.errors.value, disabled: c.busy, onInput: (value) => c.edit({ value }) }),
    buttonRow(
      button({
        id: 'cfg-save',
        label: 'Save key',
        icon: 'save',
        disabled: c.busy,
        onClick: () => void c.run({ type: 'setConfig', key: c.draft.key, value: c.draft.value }, { edit: true }).then((r) => { if (r.ok) c.edit({ key: '', value: '' }, true); }),
      }),
    ),
  ];
}
