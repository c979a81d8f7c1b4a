import { h } from './dom';

export interface TextFieldOptions {
  id: string;
  label: string;
  value: string;
  error?: string;
  help?: string;
  placeholder?: string;
  disabled?: boolean;
  /** The validator's limit for this field, so the page never sends what the extension refuses. */
  maxLength: number;
  onInput(value: string): void;
  /** Called when the field commits (blur/Enter), e.g. to rerender a dirty marker. */
  onChange?(value: string): void;
}

/** A labelled text field with its error shown right under it (and announced). */
export function textField(o: TextFieldOptions): HTMLElement {
  const errorId = `${o.id}-error`;
  const field = h('vscode-textfield', {
    id: o.id,
    attrs: { 'data-field': o.id, invalid: !!o.error },
    props: { value: o.value, label: o.label, placeholder: o.placeholder ?? '', disabled: !!o.disabled, maxLength: o.maxLength },
    on: {
      input: (e) => o.onInput((e.currentTarget as HTMLInputElement).value),
      change: (e) => o.onChange?.((e.currentTarget as HTMLInputElement).value),
    },
  });
  return h(
    'vscode-form-group',
    { attrs: { variant: 'vertical' } },
    h('vscode-label', { attrs: { for: o.id } }, o.label),
    field,
    o.help ? h('vscode-form-helper', {}, h('p', {}, o.help)) : null,
    o.error ? h('p', { id: errorId, class: 'field-error', attrs: { role: 'alert' } }, h('vscode-icon', { attrs: { name: 'error', 'aria-hidden': 'true' } }), ' ', o.error) : null,
  );
}

export function checkbox(o: { id: string; label: string; checked: boolean; disabled?: boolean; error?: string; onChange(checked: boolean): void }): HTMLElement {
  return h(
    'div',
    { class: 'checkbox-row' },
    h('vscode-checkbox', {
      id: o.id,
      attrs: { 'data-field': o.id, invalid: !!o.error },
      props: { checked: o.checked, label: o.label, disabled: !!o.disabled },
      on: { change: (e) => o.onChange((e.currentTarget as HTMLInputElement).checked) },
    }),
    o.error ? h('p', { class: 'field-error', attrs: { role: 'alert' } }, o.error) : null,
  );
}

export function button(o: {
  id: string;
  label: string;
  icon?: string;
  secondary?: boolean;
  disabled?: boolean;
  ariaLabel?: string;
  /** Enabled exactly while the page holds unsaved edits, updated as the user types (see panelApp). */
  enabledWhenDirty?: boolean;
  onClick(): void;
}): HTMLElement {
  return h(
    'vscode-button',
    {
      id: o.id,
      attrs: { secondary: !!o.secondary, icon: o.icon, 'aria-label': o.ariaLabel, 'data-enabled-when-dirty': !!o.enabledWhenDirty },
      props: { disabled: !!o.disabled },
      // The element's state now, not at render time: followDirty() may have enabled it since.
      on: { click: (e) => { if (!(e.currentTarget as HTMLElement & { disabled: boolean }).disabled) o.onClick(); } },
    },
    o.label,
  );
}

export function section(id: string, title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { id, attrs: { 'aria-labelledby': `${id}-title` } }, h('h2', { id: `${id}-title` }, title), ...children);
}

/** A read-only fact list. */
export function facts(rows: [label: string, value: Node | string][]): HTMLElement {
  return h('dl', { class: 'facts' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function icon(name: string, label?: string): HTMLElement {
  return h('vscode-icon', { attrs: label ? { name, label, role: 'img', 'aria-label': label } : { name, 'aria-hidden': 'true' } });
}

export function buttonRow(...buttons: (Node | null)[]): HTMLElement {
  return h('div', { class: 'buttons' }, ...buttons);
}
