import { parse, stringify } from 'yaml';
import type { DeviceMap, StringMap } from './lxdApi';
import type { MirrorProfile } from './engineMirror';

/**
 * YAML in the shapes `lxc profile show` and `lxc config show` print (and `lxc profile edit` /
 * `lxc config edit` accept), for keeping profiles and containers under version control (lxd#1906).
 */
export function profileToYaml(p: MirrorProfile, usedBy: readonly string[] = []): string {
  return stringify(
    {
      config: sorted(p.config),
      description: p.description,
      devices: sortedDevices(p.devices),
      name: p.name,
      used_by: usedBy.map((n) => `/1.0/instances/${n}`),
    },
    { lineWidth: 0 },
  );
}

export interface ContainerYaml {
  readonly architecture: string;
  readonly config: StringMap;
  readonly devices: DeviceMap;
  readonly ephemeral: boolean;
  readonly profiles: string[];
  readonly stateful: boolean;
  readonly description: string;
}

export function containerToYaml(c: ContainerYaml): string {
  return stringify(
    {
      architecture: c.architecture,
      config: sorted(c.config),
      devices: sortedDevices(c.devices),
      ephemeral: c.ephemeral,
      profiles: c.profiles,
      stateful: c.stateful,
      description: c.description,
    },
    { lineWidth: 0 },
  );
}

/** Parses profile YAML; `name` overrides (or supplies) the name in the document. Errors say what is wrong. */
export function profileFromYaml(text: string, name?: string): MirrorProfile {
  const doc = parseObject(text, 'profile');
  const n = name ?? doc.name;
  if (typeof n !== 'string' || !n.trim()) throw new Error('The profile YAML has no name; give one.');
  validName(n, 'profile');
  return {
    name: n,
    description: optionalString(doc.description, 'description'),
    config: stringMap(doc.config, 'config'),
    devices: deviceMap(doc.devices),
  };
}

export function containerFromYaml(text: string): ContainerYaml {
  const doc = parseObject(text, 'container');
  const profiles = doc.profiles ?? [];
  if (!Array.isArray(profiles) || profiles.some((p) => typeof p !== 'string')) {
    throw new Error('"profiles" must be a list of profile names.');
  }
  return {
    architecture: optionalString(doc.architecture, 'architecture') || 'x86_64',
    config: stringMap(doc.config, 'config'),
    devices: deviceMap(doc.devices),
    ephemeral: optionalBool(doc.ephemeral, 'ephemeral'),
    profiles: profiles as string[],
    stateful: optionalBool(doc.stateful, 'stateful'),
    description: optionalString(doc.description, 'description'),
  };
}

function parseObject(text: string, what: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new Error(`Not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`Expected a ${what} as a YAML mapping.`);
  return doc as Record<string, unknown>;
}

/** LXD stores every config value as a string; YAML scalars (numbers, booleans) are taken as their text. */
function stringMap(v: unknown, where: string): StringMap {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error(`"${where}" must be a mapping of keys to values.`);
  const out: StringMap = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (val === null || val === undefined) continue;
    if (typeof val === 'object') throw new Error(`"${where}.${k}" must be a single value, not a ${Array.isArray(val) ? 'list' : 'mapping'}.`);
    out[k] = String(val);
  }
  return out;
}

function deviceMap(v: unknown): DeviceMap {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error('"devices" must be a mapping of device names to devices.');
  const out: DeviceMap = {};
  for (const [name, dev] of Object.entries(v as Record<string, unknown>)) {
    const d = stringMap(dev, `devices.${name}`);
    if (!d.type) throw new Error(`Device "${name}" has no type.`);
    out[name] = d;
  }
  return out;
}

function optionalString(v: unknown, where: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new Error(`"${where}" must be text.`);
  return v;
}

function optionalBool(v: unknown, where: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new Error(`"${where}" must be true or false.`);
  return v;
}

function validName(n: string, what: string): void {
  if (n.includes('/') || /\s/.test(n)) throw new Error(`Invalid ${what} name "${n}".`);
}

function sorted(m: StringMap): StringMap {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]]));
}

function sortedDevices(d: DeviceMap): DeviceMap {
  return Object.fromEntries(Object.keys(d).sort().map((k) => [k, sorted(d[k])]));
}
