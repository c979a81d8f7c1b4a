import { ContainerActions } from '../../containers/containerActions';
import type { EngineContext } from '../../containers/engineConnection';
import { openEngine } from '../../containers/engineConnection';
import type { EngineRecord } from '../../containers/engineRecord';
import { readLiveState } from '../../containers/liveState';
import { followContainerStats } from '../../containers/containerStats';
import type { Catalog } from '../../store/catalog';
import type { HandlerResult, PanelLogic } from '../panelSession';
import { FieldError } from '../panelSession';
import { configEditRules as rules } from '../configEditRules';
import { engineObjectId } from '../engineObjectId';
import { engineOfView } from '../engineOfView';
import { loadContainerView } from './loadContainerView';
import type { ContainerLive, ContainerRequest, ContainerView } from './protocol';
import { validateContainerMessage } from './validateContainerMessage';

export interface ContainerPanelDeps {
  catalog: () => Promise<Catalog>;
  /** The same engine context the Containers commands use (trusted server certificates, secrets). */
  engineContext: EngineContext;
  openNetwork(id: string): Promise<void>;
  /** Opens the panel of an applied profile. */
  openProfile(id: string): Promise<void>;
  /** Opens the panel of a custom volume it uses, of its root disk's pool, of a container sharing a network or volume. */
  openVolume(id: string): Promise<void>;
  openPool(id: string): Promise<void>;
  openContainer(id: string): Promise<void>;
  /** Opens a terminal with a shell in the container (the Open Shell command); resolves with its name, rejects when it cannot. */
  openShell(view: ContainerView): Promise<string>;
  /** Refresh just this container's node in the Containers view. */
  refreshNode(view: ContainerView): void;
  /** A modal confirmation for destructive actions; false when the user declined. */
  confirm(message: string, action: string): Promise<boolean>;
}

/**
 * The container panel: every edit goes through ContainerActions (the engine first, then the catalog
 * from what the engine reports), exactly as the Containers commands do.
 */
export function containerPanelLogic(d: ContainerPanelDeps): PanelLogic<ContainerView, ContainerRequest, ContainerLive> {
  const engineOf = async (view: ContainerView): Promise<EngineRecord> => engineOfView(await d.catalog(), view.engine);
  const actions = async () => new ContainerActions(await d.catalog(), d.engineContext);

  return {
    noun: 'container',
    validate: validateContainerMessage,
    load: async (id) => loadContainerView(await d.catalog(), id),
    title: (v) => `Container: ${v.name} (${v.engine.name})`,
    // Live engine state never makes an edit conflict; only the catalog's data does.
    versioned: (v) => ({ config: v.config, devices: v.devices, profiles: v.profiles }),
    live: async (_id, view): Promise<ContainerLive> => {
      const engine = await engineOf(view);
      if (engine.kind === 'catalog' || !engine.endpoint) return { state: 'catalogOnly' };
      try {
        const conn = await openEngine(engine, d.engineContext);
        try {
          const s = await readLiveState(conn, view.name);
          if (!s) return { state: 'unreachable', message: `${engine.name} does not report ${view.name} (deleted there? sync the engine).` };
          return { state: 'ok', status: s.status, running: s.running, ipv4: [...s.ipv4], pid: s.pid };
        } finally {
          conn.close();
        }
      } catch (e) {
        return { state: 'unreachable', message: e instanceof Error ? e.message : String(e) };
      }
    },
    // CPU, memory, network and block IO of a running container, from the engine's own stream (LXD: polled),
    // for as long as the panel is visible; the session stops it when hidden or closed.
    follow: (_id, view, live, post) => {
      if (live.state !== 'ok' || !live.running) return undefined;
      let closed = false;
      let stop: (() => void) | undefined;
      void (async () => {
        const conn = await openEngine(await engineOf(view), d.engineContext);
        try {
          if (closed) return;
          const f = await followContainerStats(conn, view.name);
          stop = () => f.close();
          if (closed) f.close();
          f.onSample((stats) => post({ ...live, stats: { ...stats }, statsError: undefined }));
          const done = await f.done;
          if (done.error && !closed) post({ ...live, statsError: done.error });
        } finally {
          conn.close();
        }
      })().catch((e: unknown) => closed || post({ ...live, statsError: e instanceof Error ? e.message : String(e) }));
      return {
        close: () => {
          closed = true;
          stop?.();
        },
      };
    },
    handle: async (m, { view }): Promise<HandlerResult> => {
      if (m.type === 'openShell') {
        const name = await d.openShell(view);
        return { ok: true, message: `Opened a shell in the terminal "${name}".` };
      }
      if (m.type === 'openNetwork') {
        if (!view.uses.networks.some((n) => n.id === m.network)) return { ok: false, message: 'This container does not use that network.' };
        await d.openNetwork(m.network);
        return { ok: true };
      }
      if (m.type === 'openProfile') {
        if (!view.profiles.includes(m.profile)) return { ok: false, message: `This container does not have profile ${m.profile} applied.` };
        await d.openProfile(engineObjectId(view.engine.id, m.profile));
        return { ok: true };
      }
      if (m.type === 'openVolume') {
        if (!view.uses.volumes.some((v) => v.id !== null && v.id === m.volume)) return { ok: false, message: 'This container does not use that volume.' };
        await d.openVolume(m.volume);
        return { ok: true };
      }
      if (m.type === 'openPool') {
        if (!view.uses.rootPool?.id || view.uses.rootPool.id !== m.pool) return { ok: false, message: 'The root disk of this container is not in that pool.' };
        await d.openPool(m.pool);
        return { ok: true };
      }
      if (m.type === 'openContainer') {
        // Only the containers listed as sharing one of its networks or volumes.
        const listed = [...view.uses.networks, ...view.uses.volumes].some((u) => u.others.some((o) => o.id === m.container));
        if (!listed) return { ok: false, message: 'That container shares no network or volume with this one.' };
        await d.openContainer(m.container);
        return { ok: true };
      }
      const destructive: Partial<Record<ContainerRequest['type'], [string, string]>> = {
        removeDevice: [`Remove device ${'device' in m ? m.device : ''} from ${view.name}?`, 'Remove'],
        removeProfile: [`Remove profile ${'profile' in m ? m.profile : ''} from ${view.name}?`, 'Remove'],
        restoreSnapshot: [`Restore ${view.name} to snapshot ${'snapshot' in m ? m.snapshot : ''}? Changes since then are lost.`, 'Restore'],
        deleteSnapshot: [`Delete snapshot ${'snapshot' in m ? m.snapshot : ''} of ${view.name}?`, 'Delete'],
      };
      const ask = destructive[m.type];
      if (ask && !(await d.confirm(ask[0], ask[1]))) return { ok: true, message: 'Cancelled; nothing changed.' };
      const engine = await engineOf(view);
      const a = await actions();
      let message: string;
      switch (m.type) {
        case 'setConfig': {
          const key = rules.configKey(m.key);
          await rules.onField('value', () => a.setConfig(engine, view.name, key, m.value));
          message = `Set ${key}.`;
          break;
        }
        case 'unsetConfig':
          await a.unsetConfig(engine, view.name, m.key);
          message = `Unset ${m.key}.`;
          break;
        case 'addDevice': {
          const device = rules.simpleName('device', 'device', m.device);
          const config = rules.deviceConfig(m.config);
          await rules.onField('deviceConfig', () => a.addDevice(engine, view.name, device, config));
          message = `Added device ${device}.`;
          break;
        }
        case 'removeDevice':
          await a.removeDevice(engine, view.name, m.device);
          message = `Removed device ${m.device}.`;
          break;
        case 'addProfile':
          if (!view.availableProfiles.includes(m.profile)) throw new FieldError('profile', `${m.profile} is not a profile of ${view.engine.name} that is not yet applied.`);
          await rules.onField('profile', () => a.addProfile(engine, view.name, m.profile));
          message = `Applied profile ${m.profile} last.`;
          break;
        case 'removeProfile':
          await a.removeProfile(engine, view.name, m.profile);
          message = `Removed profile ${m.profile}.`;
          break;
        case 'setProfiles': {
          // A reorder: the same profiles, another order.
          const same = m.profiles.length === view.profiles.length && [...m.profiles].sort().join('\n') === [...view.profiles].sort().join('\n');
          if (!same) return { ok: false, message: 'Reordering must keep the same profiles; add or remove them separately.' };
          await a.setProfiles(engine, view.name, m.profiles);
          message = `Profiles now apply in the order ${m.profiles.join(', ')}.`;
          break;
        }
        case 'createSnapshot': {
          const snapshot = rules.simpleName('snapshot', 'snapshot', m.snapshot);
          if (view.snapshots.includes(snapshot)) throw new FieldError('snapshot', `${view.name} already has a snapshot ${snapshot}.`);
          await rules.onField('snapshot', () => a.createSnapshot(engine, view.name, snapshot));
          message = `Created snapshot ${snapshot}.`;
          break;
        }
        case 'restoreSnapshot':
        case 'deleteSnapshot':
          if (!view.snapshots.includes(m.snapshot)) return { ok: false, message: `${view.name} has no snapshot ${m.snapshot}.` };
          if (m.type === 'restoreSnapshot') await a.restoreSnapshot(engine, view.name, m.snapshot);
          else await a.deleteSnapshot(engine, view.name, m.snapshot);
          message = `${m.type === 'restoreSnapshot' ? 'Restored' : 'Deleted'} snapshot ${m.snapshot}.`;
          break;
        case 'lifecycle':
          await a.lifecycle(engine, view.name, m.action);
          message = `${m.action === 'start' ? 'Started' : m.action === 'stop' ? 'Stopped' : 'Restarted'} ${view.name}.`;
          break;
      }
      d.refreshNode(view);
      return { ok: true, message };
    },
  };
}
