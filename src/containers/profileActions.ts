import type { Catalog } from '../store/catalog';
import { IdAllocator } from './bulkSql';
import { loadProfiles } from './catalogReads';
import type { EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { EngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import type { DeviceMap, StringMap } from './lxdApi';
import { refreshProfile } from './refreshProfile';
import { replaceProfiles } from './writeMirror';
import { setOwn } from './setOwn';

/** The writable part of a profile, as LXD's PUT takes it. */
interface ProfilePut {
  description: string;
  config: StringMap;
  devices: DeviceMap;
}

/**
 * Edits to one profile. On LXD: read-modify-write through the API, then the catalog's rows of that
 * profile are rewritten from what LXD now reports; when LXD refuses, the catalog is untouched.
 * Profiles of the local catalog (drafts imported from YAML) have no engine: the same change is made to
 * the catalog's rows in one transaction, and LXD checks the values when the draft is applied.
 */
export class ProfileActions {
  constructor(
    private readonly catalog: Catalog,
    private readonly ctx: EngineContext,
  ) {}

  setConfig(e: EngineRecord, profile: string, key: string, value: string): Promise<void> {
    return this.edit(e, profile, (put) => setOwn(put.config, key, value));
  }
  unsetConfig(e: EngineRecord, profile: string, key: string): Promise<void> {
    return this.edit(e, profile, (put) => {
      if (!Object.hasOwn(put.config, key)) throw new EngineError('api', `Profile ${profile} has no config key ${key}.`);
      delete put.config[key];
    });
  }
  addDevice(e: EngineRecord, profile: string, device: string, config: StringMap): Promise<void> {
    return this.edit(e, profile, (put) => {
      if (Object.hasOwn(put.devices, device)) throw new EngineError('api', `Profile ${profile} already has a device named ${device}.`);
      if (!config.type) throw new EngineError('api', 'A device needs a type (nic, disk, proxy, …).');
      setOwn(put.devices, device, { ...config });
    });
  }
  removeDevice(e: EngineRecord, profile: string, device: string): Promise<void> {
    return this.edit(e, profile, (put) => {
      if (!Object.hasOwn(put.devices, device)) throw new EngineError('api', `Profile ${profile} has no device ${device}.`);
      delete put.devices[device];
    });
  }
  setDescription(e: EngineRecord, profile: string, description: string): Promise<void> {
    return this.edit(e, profile, (put) => void (put.description = description));
  }

  private async edit(e: EngineRecord, name: string, change: (put: ProfilePut) => void): Promise<void> {
    if (e.kind === 'catalog') return this.editDraft(e, name, change);
    if (e.kind !== 'lxd') throw new EngineError('api', `${e.kind === 'podman' ? 'Podman' : 'Docker'} has no profiles; ${e.name} cannot have one.`);
    const conn = await openEngine(e, this.ctx);
    try {
      if (conn.kind !== 'lxd') throw new EngineError('protocol', `${e.name} is not an LXD engine.`);
      const p = await conn.lxd.profile(name);
      const put: ProfilePut = { description: p.description ?? '', config: { ...(p.config ?? {}) }, devices: structuredClone(p.devices ?? {}) };
      change(put);
      await conn.lxd.putProfile(name, put);
      await refreshProfile(this.catalog, e.id, conn.lxd, name);
    } finally {
      conn.close();
    }
  }

  /** Read and write in one transaction, so a concurrent edit of the same draft cannot be lost. */
  private editDraft(e: EngineRecord, name: string, change: (put: ProfilePut) => void): Promise<void> {
    return this.catalog.write(async (em) => {
      const [p] = await loadProfiles(em, e.id, [name]);
      if (!p) throw new EngineError('api', `No profile ${name} in ${e.name}.`, 404);
      const put: ProfilePut = { description: p.description, config: { ...p.config }, devices: structuredClone(p.devices) };
      change(put);
      await replaceProfiles(em, new IdAllocator(em), e.id, [{ name, ...put }], false);
    });
  }
}
