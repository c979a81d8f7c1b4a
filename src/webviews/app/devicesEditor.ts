import type { KeyValue } from '../configEditProtocol';
import type { FieldErrors, ReplyMessage } from '../protocol';
import { h } from './dom';
import { button, buttonRow, icon, textField } from './fields';
import { keyValueTable } from './keyValueTable';
import { OBJECT_LIMITS } from '../../containers/objectRules';

/** The part of a panel's draft the devices editor owns. */
export interface DevicesDraft {
  device: string;
  deviceConfig: string;
}

export interface DevicesEditorContext {
  readonly draft: DevicesDraft;
  readonly errors: FieldErrors;
  readonly busy: boolean;
  edit(patch: Partial<DevicesDraft>, rerender?: boolean): void;
  run(message: { type: string; [k: string]: unknown }, options?: { edit?: boolean }): Promise<ReplyMessage>;
}

// Errors found in the page itself (a malformed "key=value" list) before anything is sent.
let localErrors: Record<string, string> = {};
// The device whose removal waits for the user's second click (confirmInPage).
let pendingRemoval: string | undefined;

export interface DevicesEditorOptions {
  /** Shown when there is no device. */
  none: string;
  /**
   * Ask in the page before removing ("Remove device" → "Remove"/"Cancel" with this question),
   * for panels whose host does not ask; without it the request is sent at once.
   */
  confirmInPage?(device: string): string;
}

/** "type=nic network=br0 name=eth1" → a map, or the error text when a part is not key=value. */
function parseSettings(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of text.trim().split(/\s+/).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return `"${part}" is not key=value.`;
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return Object.keys(out).length ? out : 'Give at least type=… (nic, disk, proxy, …).';
}

/** Each device with its settings and a Remove button, then the "Add a device" form. */
export function devicesEditor(c: DevicesEditorContext, list: { name: string; config: KeyValue[] }[], o: DevicesEditorOptions): Node[] {
  if (pendingRemoval !== undefined && !list.some((d) => d.name === pendingRemoval)) pendingRemoval = undefined;
  const remove = (device: string) => {
    pendingRemoval = undefined;
    void c.run({ type: 'removeDevice', device }, { edit: true });
  };
  const removal = (name: string, i: number): HTMLElement => {
    if (o.confirmInPage && pendingRemoval === name) {
      return h(
        'div',
        { class: 'note', attrs: { role: 'alert' } },
        h('span', { class: 'grow' }, o.confirmInPage(name)),
        button({ id: `dev-confirm-remove-${i}`, label: 'Remove', disabled: c.busy, onClick: () => remove(name) }),
        button({ id: `dev-cancel-remove-${i}`, label: 'Cancel', secondary: true, onClick: () => { pendingRemoval = undefined; c.edit({}, true); } }),
      );
    }
    const ask = o.confirmInPage ? () => { pendingRemoval = name; c.edit({}, true); } : () => remove(name);
    return buttonRow(button({ id: `dev-remove-${i}`, label: 'Remove device', secondary: true, ariaLabel: `Remove device ${name}`, disabled: c.busy, onClick: ask }));
  };
  return [
    list.length
      ? h('div', { id: 'devices' }, ...list.map((d, i) =>
          h('div', { class: 'device' },
            h('h3', {}, icon('plug'), ` ${d.name}`),
            keyValueTable(`device-${i}`, `Settings of device ${d.name}`, d.config),
            removal(d.name, i),
          )))
      : h('p', { id: 'devices-none', class: 'muted' }, o.none),
    h('h3', {}, 'Add a device'),
    textField({ id: 'dev-name', label: 'Device name', maxLength: OBJECT_LIMITS.name, value: c.draft.device, placeholder: 'eth1, data', error: c.errors.device, disabled: c.busy, onInput: (device) => c.edit({ device }) }),
    textField({
      id: 'dev-config',
      label: 'Settings (key=value, space-separated)',
      maxLength: 8192,
      value: c.draft.deviceConfig,
      placeholder: 'type=nic network=lxdbr0 name=eth1',
      error: localErrors.deviceConfig ?? c.errors.deviceConfig,
      disabled: c.busy,
      onInput: (deviceConfig) => { delete localErrors.deviceConfig; c.edit({ deviceConfig }); },
    }),
    buttonRow(
      button({
        id: 'dev-add',
        label: 'Add device',
        icon: 'add',
        disabled: c.busy,
        onClick: () => {
          const parsed = parseSettings(c.draft.deviceConfig);
          if (typeof parsed === 'string') {
            localErrors = { deviceConfig: parsed };
            c.edit({}, true);
            return;
          }
          void c.run({ type: 'addDevice', device: c.draft.device, config: parsed }, { edit: true }).then((r) => { if (r.ok) c.edit({ device: '', deviceConfig: '' }, true); });
        },
      }),
    ),
  ];
}
