/**
 * LXD's integer codes for the columns the seed schema stores as INTEGER, so rows keep LXD's meaning:
 * architectures (shared/osarch), storage volume types and image source protocols (lxd/db).
 */
const ARCHITECTURES = [
  'unknown', 'i686', 'x86_64', 'armv7l', 'aarch64', 'ppc', 'ppc64', 'ppc64le', 's390x',
  'mips', 'mips64', 'riscv32', 'riscv64', 'armv6l', 'armv8l',
] as const;

export function architectureCode(name: string): number {
  const i = ARCHITECTURES.indexOf(name as (typeof ARCHITECTURES)[number]);
  return i < 0 ? 0 : i;
}
export function architectureName(code: number): string {
  return ARCHITECTURES[code] ?? 'unknown';
}

/** Also the type words of storage volume ids in panels. */
export const VOLUME_TYPES = ['container', 'image', 'custom', 'virtual-machine'] as const;
export function volumeTypeCode(name: string): number {
  const i = VOLUME_TYPES.indexOf(name as (typeof VOLUME_TYPES)[number]);
  return i < 0 ? 2 : i;
}
export function volumeTypeName(code: number): string {
  return VOLUME_TYPES[code] ?? 'custom';
}

const PROTOCOLS = ['lxd', 'direct', 'simplestreams'] as const;
export function protocolCode(name: string): number {
  const i = PROTOCOLS.indexOf(name as (typeof PROTOCOLS)[number]);
  return i < 0 ? 0 : i;
}

/** The seed: 0 = client. */
const CERT_TYPES = ['client', 'server', 'metrics'] as const;
export function certificateTypeCode(name: string): number {
  const i = CERT_TYPES.indexOf(name as (typeof CERT_TYPES)[number]);
  return i < 0 ? 0 : i;
}
