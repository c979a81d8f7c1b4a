import { stringify } from 'yaml';
import type { DeviceMap, StringMap } from './lxdApi';
import type { MirrorProfile } from './engineMirror';
import { keyProblem, nameProblem, OBJECT_LIMITS, valueProblem } from './objectRules';
import { readYaml, yamlKind } from './readYaml';
import type { YamlValue } from './readYaml';
import { setOwn } from './setOwn';

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

/** Parses profile YAML; `name` overrides (or supplies) the name in the document. Errors say what is wrong and where. */
export function profileFromYaml(text: string, name?: string): MirrorProfile {
  const doc = mapping(text, 'profile');
  const n = name ?? doc.get('name');
  if (n === undefined || (typeof n === 'string' && !n.trim())) throw new Error('The profile YAML has no name; give one.');
  return {
    name: checkedName(n, 'name'),
    description: optionalString(doc.get('description'), 'description'),
    config: stringMap(doc.get('config'), 'config'),
    devices: deviceMap(doc.get('devices')),
  };
}

export function containerFromYaml(text: string): ContainerYaml {
  const doc = mapping(text, 'container');
  const profiles = doc.get('profiles') ?? [];
  if (!Array.isArray(profiles)) throw new Error(`profiles: must be a list of profile names, got ${yamlKind(profiles)}`);
  if (profiles.length > OBJECT_LIMITS.profiles) throw new Error(`profiles: more than ${OBJECT_LIMITS.profiles} profiles`);
  return {
    architecture: optionalString(doc.get('architecture'), 'architecture') || 'x86_64',
    config: stringMap(doc.get('config'), 'config'),
    devices: deviceMap(doc.get('devices')),
    ephemeral: optionalBool(doc.get('ephemeral'), 'ephemeral'),
    profiles: profiles.map((p, i) => checkedName(p, `profiles[${i}]`)),
    stateful: optionalBool(doc.get('stateful'), 'stateful'),
    description: optionalString(doc.get('description'), 'description'),
  };
}

/** A container, profile, device or snapshot name under the rules every path shares (objectRules). */
export function checkedName(v: YamlValue, where: string): string {
  if (typeof v !== 'string') throw new Error(`${where}: must be a string, got ${yamlKind(v)}`);
  const problem = nameProblem(v);
  if (problem) throw new Error(`${where}: ${JSON.stringify(v.slice(0, 80))} ${problem}`);
  return v;
}

function mapping(text: string, what: string): Map<string, YamlValue> {
  const doc = readYaml(text);
  if (!(doc instanceof Map)) throw new Error(`Expected a ${what} as a YAML mapping.`);
  return doc;
}

/** LXD stores every config value as a string: a value is a scalar's text, a list or map is refused, naming its key. */
function stringMap(v: YamlValue | undefined, where: string, maxKeys = Infinity): StringMap {
  // `config:` with nothing after it: an empty plain scalar, like `config: {}`.
  if (v === undefined || v === '') return {};
  if (!(v instanceof Map)) throw new Error(`${where}: must be a map of keys to values, got ${yamlKind(v)}`);
  if (v.size > maxKeys) throw new Error(`${where}: more than ${maxKeys} settings`);
  const out: StringMap = {};
  for (const [k, val] of v) {
    const keyIssue = keyProblem(k);
    if (keyIssue) throw new Error(`${where}: the key ${JSON.stringify(k.slice(0, 80))} ${keyIssue}`);
    if (typeof val !== 'string') throw new Error(`${where}.${k}: must be a string, got ${yamlKind(val)}`);
    const valueIssue = valueProblem(val);
    if (valueIssue) throw new Error(`${where}.${k}: ${valueIssue}`);
    setOwn(out, k, val);
  }
  return out;
}

function deviceMap(v: YamlValue | undefined): DeviceMap {
  if (v === undefined || v === '') return {};
  if (!(v instanceof Map)) throw new Error(`devices: must be a map of device names to devices, got ${yamlKind(v)}`);
  const out: DeviceMap = {};
  for (const [name, dev] of v) {
    checkedName(name, 'devices');
    const d = stringMap(dev, `devices.${name}`, OBJECT_LIMITS.deviceSettings);
    if (!Object.hasOwn(d, 'type') || !d.type) throw new Error(`Device "${name}" has no type.`);
    setOwn(out, name, d);
  }
  return out;
}

function optionalString(v: YamlValue | undefined, where: string): string {
  if (v === undefined) return '';
  if (typeof v !== 'string') throw new Error(`${where}: must be a string, got ${yamlKind(v)}`);
  const problem = valueProblem(v);
  if (problem) throw new Error(`${where}: ${problem}`);
  return v;
}

/** YAML 1.2's words for true and false (the failsafe schema leaves them as text). */
function optionalBool(v: YamlValue | undefined, where: string): boolean {
  if (v === undefined || v === '') return false;
  if (typeof v === 'string' && /^(true|True|TRUE)$/.test(v)) return true;
  if (typeof v === 'string' && /^(false|False|FALSE)$/.test(v)) return false;
  throw new Error(`${where}: must be true or false`);
}

function sorted(m: StringMap): StringMap {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]]));
}

function sortedDevices(d: DeviceMap): DeviceMap {
  return Object.fromEntries(Object.keys(d).sort().map((k) => [k, sorted(d[k])]));
}
