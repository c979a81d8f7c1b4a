// LXD's integer device type codes (lxd/db/devices.go), the same values the store's DEVICE_TYPES holds.
const CODES: Record<string, number> = {
  none: 0, nic: 1, disk: 2, 'unix-char': 3, 'unix-block': 4, usb: 5, gpu: 6, infiniband: 7, proxy: 8,
  'unix-hotplug': 9, tpm: 10, pci: 11,
};
const NAMES = Object.fromEntries(Object.entries(CODES).map(([k, v]) => [v, k])) as Record<number, string>;

export function deviceTypeCode(type: string | undefined): number {
  return CODES[type ?? 'none'] ?? 0;
}
export function deviceTypeName(code: number): string {
  return NAMES[code] ?? 'none';
}
