import type { DeviceMap, StringMap } from '../containers/lxdApi';
import type { KeyValue } from './configEditProtocol';

/** A config map as sorted rows, the shape the panels' tables show. */
export function keyValues(m: StringMap): KeyValue[] {
  return Object.keys(m)
    .sort()
    .map((key) => ({ key, value: m[key] }));
}

/** Devices by name, each with its settings as rows. */
export function deviceRows(devices: DeviceMap): { name: string; config: KeyValue[] }[] {
  return Object.keys(devices)
    .sort()
    .map((name) => ({ name, config: keyValues(devices[name]) }));
}
