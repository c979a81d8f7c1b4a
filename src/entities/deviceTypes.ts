/**
 * LXD's integer codes for `containers_devices.type` / `profiles_devices.type` (lxd/db/devices.go),
 * so rows synced from LXD keep LXD's meaning.
 */
export const DEVICE_TYPES: Readonly<Record<string, number>> = Object.freeze({
  none: 0,
  nic: 1,
  disk: 2,
  'unix-char': 3,
  'unix-block': 4,
  usb: 5,
  gpu: 6,
  infiniband: 7,
  proxy: 8,
  'unix-hotplug': 9,
  tpm: 10,
  pci: 11,
});
