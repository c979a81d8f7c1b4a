import type { Catalog } from '../store/catalog';
import type { EngineConnection, EngineContext } from './engineConnection';
import { openEngine } from './engineConnection';
import { EngineError } from './engineError';
import type { EngineRecord } from './engineRecord';
import type { LxdClient } from './lxdClient';
import type { LxdInstancePut, StringMap } from './lxdApi';
import { refreshInstance } from './refreshInstance';
import { setOwn } from './setOwn';

export type LifecycleAction = 'start' | 'stop' | 'restart';

export interface CreateContainer {
  readonly name: string;
  /** LXD: image alias or fingerprint. Podman/Docker: image reference. */
  readonly image: string;
  /** LXD profiles in apply order (default: ["default"]). */
  readonly profiles?: readonly string[];
  readonly config?: StringMap;
  /** Podman/Docker: the command to run. */
  readonly command?: readonly string[];
  /** LXD cluster: the member to create it on (`?target=`); LXD picks one without it. */
  readonly target?: string;
}

/**
 * Actions on a container through its engine. Each one waits for the engine to confirm, then updates the
 * catalog from what the engine now reports; on an engine error nothing in the catalog changes.
 */
export class ContainerActions {
  constructor(
    private readonly catalog: Catalog,
    private readonly ctx: EngineContext,
  ) {}

  lifecycle(e: EngineRecord, name: string, action: LifecycleAction, force = false): Promise<void> {
    return this.run(e, name, async (c) => {
      if (c.kind === 'lxd') return c.lxd.changeState(name, action, force);
      if (action === 'start') return c.docker.start(name);
      if (action === 'stop') return c.docker.stop(name, force);
      return c.docker.restart(name);
    });
  }

  delete(e: EngineRecord, name: string): Promise<void> {
    return this.run(e, name, (c) => (c.kind === 'lxd' ? c.lxd.deleteInstance(name) : c.docker.remove(name)));
  }

  create(e: EngineRecord, spec: CreateContainer): Promise<void> {
    return this.run(e, spec.name, async (c) => {
      if (c.kind === 'lxd') {
        const fingerprint = /^[0-9a-f]{64}$/.test(spec.image);
        await c.lxd.createInstance({
          name: spec.name,
          type: 'container',
          source: fingerprint ? { type: 'image', fingerprint: spec.image } : { type: 'image', alias: spec.image },
          profiles: [...(spec.profiles ?? ['default'])],
          config: { ...(spec.config ?? {}) },
        }, spec.target).catch((err: unknown) => {
          // LXD's own words ("Cluster member not found") do not say which.
          if (spec.target && err instanceof EngineError && err.status === 404 && /cluster member/i.test(err.message)) {
            throw new EngineError('api', `${e.name} has no cluster member "${spec.target}".`, 404);
          }
          throw err;
        });
      } else {
        if (spec.target) throw new EngineError('api', `${label(c)} has no cluster members to target.`);
        if (spec.profiles?.length) throw new EngineError('api', `${label(c)} containers have no profiles.`);
        const labels: Record<string, string> = {};
        const env: string[] = [];
        for (const [k, v] of Object.entries(spec.config ?? {})) {
          if (k.startsWith('label.')) labels[k.slice(6)] = v;
          else if (k.startsWith('environment.')) env.push(`${k.slice(12)}=${v}`);
          else throw new EngineError('api', `${label(c)} cannot take config key "${k}" (use label.* or environment.*).`);
        }
        await c.docker.create(spec.name, { Image: spec.image, Cmd: spec.command ? [...spec.command] : undefined, Labels: labels, Env: env });
      }
    });
  }

  createSnapshot(e: EngineRecord, name: string, snapshot: string): Promise<void> {
    return this.runLxd(e, name, (lxd) => lxd.createSnapshot(name, snapshot));
  }
  restoreSnapshot(e: EngineRecord, name: string, snapshot: string): Promise<void> {
    return this.runLxd(e, name, (lxd) => lxd.restoreSnapshot(name, snapshot));
  }
  deleteSnapshot(e: EngineRecord, name: string, snapshot: string): Promise<void> {
    return this.runLxd(e, name, (lxd) => lxd.deleteSnapshot(name, snapshot));
  }

  addProfile(e: EngineRecord, name: string, profile: string): Promise<void> {
    return this.edit(e, name, (put) => {
      if (put.profiles.includes(profile)) throw new EngineError('api', `${name} already has profile ${profile}.`);
      put.profiles.push(profile);
    });
  }
  removeProfile(e: EngineRecord, name: string, profile: string): Promise<void> {
    return this.edit(e, name, (put) => {
      if (!put.profiles.includes(profile)) throw new EngineError('api', `${name} does not have profile ${profile}.`);
      put.profiles = put.profiles.filter((p) => p !== profile);
    });
  }
  /** Reorders (or replaces) the applied profiles in one PUT, so the container is never without its root disk midway. */
  setProfiles(e: EngineRecord, name: string, profiles: readonly string[]): Promise<void> {
    return this.edit(e, name, (put) => {
      if (new Set(profiles).size !== profiles.length) throw new EngineError('api', 'A profile can be applied only once.');
      put.profiles = [...profiles];
    });
  }
  setConfig(e: EngineRecord, name: string, key: string, value: string): Promise<void> {
    return this.edit(e, name, (put) => setOwn(put.config, key, value));
  }
  unsetConfig(e: EngineRecord, name: string, key: string): Promise<void> {
    return this.edit(e, name, (put) => {
      if (!Object.hasOwn(put.config, key)) throw new EngineError('api', `${name} has no config key ${key}.`);
      delete put.config[key];
    });
  }
  addDevice(e: EngineRecord, name: string, device: string, config: StringMap): Promise<void> {
    return this.edit(e, name, (put) => {
      if (Object.hasOwn(put.devices, device)) throw new EngineError('api', `${name} already has a device named ${device}.`);
      if (!config.type) throw new EngineError('api', 'A device needs a type (nic, disk, proxy, …).');
      setOwn(put.devices, device, { ...config });
    });
  }
  removeDevice(e: EngineRecord, name: string, device: string): Promise<void> {
    return this.edit(e, name, (put) => {
      if (!Object.hasOwn(put.devices, device)) {
        throw new EngineError('api', `${name} has no device ${device} of its own (a profile's device is removed from the profile).`);
      }
      delete put.devices[device];
    });
  }

  /** Read-modify-write of an LXD instance's writable part. */
  private edit(e: EngineRecord, name: string, change: (put: LxdInstancePut) => void): Promise<void> {
    return this.runLxd(e, name, async (lxd) => {
      const i = await lxd.instance(name);
      const put: LxdInstancePut = {
        architecture: i.architecture,
        config: { ...i.config },
        devices: structuredClone(i.devices),
        ephemeral: i.ephemeral,
        profiles: [...i.profiles],
        stateful: i.stateful,
        description: i.description ?? '',
      };
      change(put);
      await lxd.putInstance(name, put);
    });
  }

  private runLxd(e: EngineRecord, name: string, fn: (lxd: LxdClient) => Promise<void>): Promise<void> {
    return this.run(e, name, async (c) => {
      if (c.kind !== 'lxd') throw new EngineError('api', `${label(c)} does not support this; it is an LXD action.`);
      await fn(c.lxd);
    });
  }

  private async run(e: EngineRecord, name: string, fn: (c: EngineConnection) => Promise<void>): Promise<void> {
    const conn = await openEngine(e, this.ctx);
    try {
      await fn(conn);
      await refreshInstance(this.catalog, e.id, conn, name);
    } finally {
      conn.close();
    }
  }
}

function label(c: EngineConnection): string {
  return c.kind === 'podman' ? 'Podman' : c.kind === 'docker' ? 'Docker' : 'LXD';
}
