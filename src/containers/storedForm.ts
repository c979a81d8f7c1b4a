import { sqlBool, sqlDate } from './bulkSql';
import { deviceTypeCode } from './deviceTypes';
import type { EngineMirror, MirrorImage, MirrorInstance, MirrorPool, MirrorProfile, MirrorSnapshot } from './engineMirror';
import { architectureCode, certificateTypeCode, protocolCode, volumeTypeCode } from './lxdCodes';
import type { DeviceMap, StringMap } from './lxdApi';

/**
 * A mirror's parts as the catalog's rows hold them (see writeMirror): codes for names, SQL dates, null
 * for an empty description, lists in a fixed order, and nothing the rows do not keep (a network's type).
 * Signatures of these forms compare what a sync would write with what the catalog holds, whether the
 * latter is remembered from this process's last write or read back from the rows (readWritten), so a
 * new window's first sync over an unchanged engine writes nothing.
 */
export type StoredDevices = Record<string, Record<string, string | number>>;

export interface StoredInstance {
  readonly name: string;
  readonly architecture: number;
  readonly ephemeral: number;
  readonly stateful: number;
  readonly created: string | null;
  readonly lastUsed: string | null;
  readonly description: string | null;
  readonly config: StringMap;
  readonly devices: StoredDevices;
  /** Profile names in apply order. */
  readonly profiles: readonly string[];
  /** By name. */
  readonly snapshots: readonly StoredInstance[];
}

export function storedInstance(i: MirrorInstance): StoredInstance {
  return {
    ...storedSnapshot(i),
    ephemeral: sqlBool(i.ephemeral),
    description: i.description || null,
    snapshots: i.snapshots.map(storedSnapshot).sort(byName),
  };
}

function storedSnapshot(s: MirrorSnapshot): StoredInstance {
  return {
    name: s.name,
    architecture: architectureCode(s.architecture),
    ephemeral: 0,
    stateful: sqlBool(s.stateful),
    created: sqlDate(s.createdAt),
    lastUsed: sqlDate(s.lastUsedAt),
    description: null,
    config: s.config,
    devices: storedDevices(s.devices),
    profiles: s.profiles,
    snapshots: [],
  };
}

/** As in LXD, a device's type lives in its row (a code), not among its keys. */
export function storedDevices(devices: DeviceMap): StoredDevices {
  return Object.fromEntries(
    Object.entries(devices).map(([name, d]) => {
      const { type, ...keys } = d;
      return [name, { ...keys, type: deviceTypeCode(type) }];
    }),
  );
}

/** Each section of a mirror (see MIRROR_SECTIONS) as its rows hold it. */
export function storedSections(m: EngineMirror): Record<'profiles' | 'networks' | 'pools' | 'images' | 'certificates' | 'config', unknown> {
  return {
    profiles: m.profiles.map(storedProfile).sort(byName),
    networks: m.networks.map((n) => ({ name: n.name, description: n.description || null, config: n.config })).sort(byName),
    pools: m.pools.map(storedPool).sort(byName),
    images: m.images.map(storedImage).sort(byFingerprint),
    certificates: m.certificates.map((c) => ({ fingerprint: c.fingerprint, type: certificateTypeCode(c.type), name: c.name, certificate: c.certificate })).sort(byFingerprint),
    config: m.config,
  };
}

function storedProfile(p: MirrorProfile): { name: string } {
  const form = { name: p.name, description: p.description || null, config: p.config, devices: storedDevices(p.devices) };
  return form;
}

function storedPool(p: MirrorPool): { name: string } {
  const volumes = p.volumes.map((v) => ({ name: v.name, type: volumeTypeCode(v.type), description: v.description || null, config: v.config }));
  const form = { name: p.name, driver: p.driver, config: p.config, volumes: volumes.sort(byName) };
  return form;
}

function storedImage(i: MirrorImage): { fingerprint: string } {
  const form = {
    fingerprint: i.fingerprint,
    cached: sqlBool(i.cached),
    filename: i.filename,
    size: i.size,
    public: sqlBool(i.public),
    autoUpdate: sqlBool(i.autoUpdate),
    architecture: architectureCode(i.architecture),
    created: sqlDate(i.createdAt),
    expires: sqlDate(i.expiresAt),
    uploaded: sqlDate(i.uploadedAt),
    lastUsed: sqlDate(i.lastUsedAt),
    aliases: i.aliases.map((a) => ({ name: a.name, description: a.description || null })).sort(byName),
    properties: i.properties,
    source: i.source ? { server: i.source.server, protocol: protocolCode(i.source.protocol), certificate: i.source.certificate || null, alias: i.source.alias } : null,
  };
  return form;
}

export function byName<T extends { readonly name: string }>(a: T, b: T): number {
  return compare(a.name, b.name);
}

export function byFingerprint<T extends { readonly fingerprint: unknown }>(a: T, b: T): number {
  return compare(String(a.fingerprint), String(b.fingerprint));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
