import type { DeviceMap, StringMap } from './lxdApi';
import type { MirrorProfile } from './engineMirror';

/** Where an effective value came from: the container itself, or the named profile. */
export type Origin = { readonly kind: 'local' } | { readonly kind: 'profile'; readonly profile: string };

export interface EffectiveValue {
  readonly value: string;
  readonly origin: Origin;
  /** Earlier sources this value overrides, nearest first. */
  readonly overrides: readonly Origin[];
}

export interface EffectiveDevice {
  readonly config: StringMap;
  readonly origin: Origin;
  readonly overrides: readonly Origin[];
}

export interface EffectiveConfig {
  readonly config: Record<string, EffectiveValue>;
  readonly devices: Record<string, EffectiveDevice>;
  /** Profiles the container names that the catalog does not know (expansion skipped them). */
  readonly missingProfiles: readonly string[];
}

/**
 * LXD's expansion (ExpandInstanceConfig/ExpandInstanceDevices): profiles in apply order, each key
 * overriding earlier ones, then the container's own keys; a device is replaced whole by name, never
 * merged key by key.
 */
export function effectiveConfig(
  own: { config: StringMap; devices: DeviceMap; profiles: readonly string[] },
  profiles: readonly MirrorProfile[],
): EffectiveConfig {
  const byName = new Map(profiles.map((p) => [p.name, p]));
  const config: Record<string, EffectiveValue> = {};
  const devices: Record<string, EffectiveDevice> = {};
  const missing: string[] = [];
  const layer = (origin: Origin, cfg: StringMap, devs: DeviceMap): void => {
    for (const [k, v] of Object.entries(cfg)) {
      const prev = config[k];
      config[k] = { value: v, origin, overrides: prev ? [prev.origin, ...prev.overrides] : [] };
    }
    for (const [n, d] of Object.entries(devs)) {
      const prev = devices[n];
      devices[n] = { config: { ...d }, origin, overrides: prev ? [prev.origin, ...prev.overrides] : [] };
    }
  };
  for (const name of own.profiles) {
    const p = byName.get(name);
    if (!p) {
      missing.push(name);
      continue;
    }
    layer({ kind: 'profile', profile: name }, p.config, p.devices);
  }
  layer({ kind: 'local' }, own.config, own.devices);
  return { config: sortKeys(config), devices: sortKeys(devices), missingProfiles: missing };
}

export function originLabel(o: Origin): string {
  return o.kind === 'local' ? 'container' : `profile ${o.profile}`;
}

/** Plain expanded maps, the shape of LXD's `expanded_config` / `expanded_devices`. */
export function expandedMaps(e: EffectiveConfig): { config: StringMap; devices: DeviceMap } {
  return {
    config: Object.fromEntries(Object.entries(e.config).map(([k, v]) => [k, v.value])),
    devices: Object.fromEntries(Object.entries(e.devices).map(([k, v]) => [k, v.config])),
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}
