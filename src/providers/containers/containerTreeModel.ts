import type { Catalog } from '../../store/catalog';
import { listContainers, loadContainer, loadProfiles } from '../../containers/catalogReads';
import type { ContainerSummary } from '../../containers/catalogReads';
import type { ContainerNode, ContainerTreeNode, EngineNode, GroupKind, MessageNode } from './containerTreeNodes';
import { effectiveConfig, originLabel } from '../../containers/effectiveConfig';
import type { EngineContext } from '../../containers/engineConnection';
import { openEngine } from '../../containers/engineConnection';
import { EngineError } from '../../containers/engineError';
import type { EngineRecord } from '../../containers/engineRecord';
import { ENGINE_COLUMNS, toEngineRecord } from '../../containers/engineRecord';
import { engineStatus } from '../../containers/engineStatus';
import type { EngineStatus } from '../../containers/engineStatus';
import { readLiveStates } from '../../containers/liveState';
import type { LiveState } from '../../containers/liveState';
import { deviceTypeName } from '../../containers/deviceTypes';
import { volumeTypeName } from '../../containers/lxdCodes';

interface LiveEntry {
  readonly states?: Map<string, LiveState>;
  readonly error?: EngineError;
}

/**
 * What the Containers view shows, read from the catalog, with runtime state asked from each engine
 * once per refresh (never stored). Every failure becomes a message node; nothing here throws.
 */
export class ContainerTreeModel {
  private readonly live = new Map<number, Promise<LiveEntry>>();

  constructor(
    private readonly catalog: () => Promise<Catalog>,
    private readonly ctx: EngineContext,
    /** How long to wait for an engine's live state before showing the catalog without it. */
    private readonly liveTimeoutMs = 5_000,
  ) {}

  /** Forget live state so the next listing asks the engines again. */
  invalidateLive(engineId?: number): void {
    if (engineId === undefined) this.live.clear();
    else this.live.delete(engineId);
  }

  async children(node?: ContainerTreeNode): Promise<ContainerTreeNode[]> {
    try {
      return await this.childrenOf(node);
    } catch (err) {
      return [message(`${node?.id ?? 'root'}/error`, 'error', `Could not read the catalog: ${(err as Error).message}`)];
    }
  }

  private async childrenOf(node?: ContainerTreeNode): Promise<ContainerTreeNode[]> {
    const catalog = await this.catalog();
    if (!node) {
      const engines = await catalog.read(async (em) =>
        ((await em.query(`SELECT ${ENGINE_COLUMNS} FROM engines ORDER BY id`)) as Parameters<typeof toEngineRecord>[0][]).map(toEngineRecord),
      );
      const nodes: ContainerTreeNode[] = [];
      for (const e of engines) {
        // The local catalog appears only once it holds drafts.
        if (e.kind === 'catalog') {
          const [{ n }] = await catalog.read((em) =>
            em.query('SELECT (SELECT count(*) FROM containers WHERE engine_id = ?) + (SELECT count(*) FROM profiles WHERE engine_id = ?) AS n', [e.id, e.id]),
          );
          if (!Number(n)) continue;
        }
        nodes.push(await this.engineNode(e));
      }
      return nodes;
    }
    switch (node.type) {
      case 'engine':
        return this.engineChildren(catalog, node);
      case 'container':
        return this.containerSections(catalog, node);
      case 'section':
        return this.sectionChildren(catalog, node);
      case 'group':
        return this.groupChildren(catalog, node.engineId, node.engine, node.group);
      case 'pool':
        return (
          (await catalog.read((em) =>
            em.query(
              `SELECT v.name, v.type FROM storage_volumes v JOIN storage_pools p ON p.id = v.storage_pool_id
                WHERE p.engine_id = ? AND p.name = ? ORDER BY v.type DESC, v.name`,
              [node.engineId, node.name],
            ),
          )) as { name: string; type: number }[]
        ).map((v) => ({
          type: 'volume' as const,
          id: `${node.id}/${volumeTypeName(Number(v.type))}/${v.name}`,
          engine: node.engine,
          engineId: node.engineId,
          pool: node.name,
          name: v.name,
          volumeType: volumeTypeName(Number(v.type)),
        }));
      default:
        return [];
    }
  }

  /**
   * One container's node as the engine's listing would build it (runtime state from the engine's live
   * entry: call invalidateLive first for a fresh one), or undefined when the catalog no longer has it.
   * For redrawing a single node.
   */
  async containerNode(engineId: number, name: string): Promise<ContainerNode | undefined> {
    const catalog = await this.catalog();
    const found = await catalog.read(async (em) => {
      const rows = (await em.query(`SELECT ${ENGINE_COLUMNS} FROM engines WHERE id = ?`, [engineId])) as Parameters<typeof toEngineRecord>[0][];
      if (!rows[0]) return undefined;
      const c = (await listContainers(em, engineId, name))[0];
      return c ? { e: toEngineRecord(rows[0]), c } : undefined;
    });
    if (!found) return undefined;
    const { e, c } = found;
    let live: LiveState | undefined;
    if (e.kind !== 'catalog') live = (await this.liveOf(e)).states?.get(c.name);
    return containerNode(engineNodeId(e), e, c, live);
  }

  private async engineNode(e: EngineRecord): Promise<EngineNode> {
    let status: EngineStatus = engineStatus(e);
    if (e.kind !== 'catalog') {
      const live = await this.liveOf(e);
      if (live.error?.kind === 'unreachable') {
        status = { health: 'unreachable', label: `engine unreachable · ${engineStatus({ ...e, lastError: null }).label}` };
      }
    }
    return { type: 'engine', id: engineNodeId(e), engine: e, status };
  }

  private liveOf(e: EngineRecord): Promise<LiveEntry> {
    let p = this.live.get(e.id);
    if (!p) {
      p = (async (): Promise<LiveEntry> => {
        const ac = new AbortController();
        const timer = setTimeout(() => ac.abort(), this.liveTimeoutMs);
        try {
          const conn = await openEngine(e, this.ctx);
          try {
            return { states: await readLiveStates(conn, ac.signal) };
          } finally {
            conn.close();
          }
        } catch (err) {
          const ee =
            err instanceof EngineError
              ? err.kind === 'cancelled'
                ? new EngineError('unreachable', `${e.endpoint} did not answer within ${this.liveTimeoutMs / 1000} s.`)
                : err
              : new EngineError('unreachable', (err as Error).message);
          return { error: ee };
        } finally {
          clearTimeout(timer);
        }
      })();
      this.live.set(e.id, p);
    }
    return p;
  }

  private async engineChildren(catalog: Catalog, node: EngineNode): Promise<ContainerTreeNode[]> {
    const e = node.engine;
    const out: ContainerTreeNode[] = [];
    const live = e.kind === 'catalog' ? {} : await this.liveOf(e);
    if (live.error) out.push(message(`${node.id}/live-error`, 'error', live.error.message, 'Showing the catalog as last synced.'));
    else if (e.lastError) out.push(message(`${node.id}/sync-error`, 'error', `Last sync failed: ${e.lastError.replace(/^[a-z]+: /, '')}`));
    const containers = await catalog.read((em) => listContainers(em, e.id));
    for (const c of containers) out.push(containerNode(node.id, e, c, live.states?.get(c.name)));
    if (!containers.length && !e.lastSyncAt && e.kind !== 'catalog') {
      out.push(message(`${node.id}/never`, 'info', 'Not synced yet. Run "Sync Now".'));
    }
    const counts = (await catalog.read((em) =>
      em.query(
        `SELECT (SELECT count(*) FROM profiles WHERE engine_id = ?1) AS profiles,
                (SELECT count(*) FROM networks WHERE engine_id = ?1) AS networks,
                (SELECT count(*) FROM storage_pools WHERE engine_id = ?1) AS storage,
                (SELECT count(*) FROM images WHERE engine_id = ?1) AS images`,
        [e.id],
      ),
    )) as Record<GroupKind, number>[];
    const groups: GroupKind[] = e.kind === 'lxd' || e.kind === 'catalog' ? ['profiles', 'networks', 'storage', 'images'] : ['networks', 'storage', 'images'];
    for (const g of groups) {
      const count = Number(counts[0][g]);
      if (e.kind === 'catalog' && !count) continue;
      out.push({ type: 'group', id: `${node.id}/g/${g}`, engineId: e.id, engine: e.name, group: g, count });
    }
    return out;
  }

  private async containerSections(catalog: Catalog, node: ContainerNode): Promise<ContainerTreeNode[]> {
    const c = await catalog.read((em) => loadContainer(em, node.engineId, node.name));
    if (!c) return [message(`${node.id}/gone`, 'info', 'No longer in the catalog.')];
    const profiles = await catalog.read((em) => loadProfiles(em, node.engineId, c.profiles));
    const eff = effectiveConfig(c, profiles);
    const base = { engineId: node.engineId, engine: node.engine, container: node.name };
    const sections: ContainerTreeNode[] = [
      { type: 'section', id: `${node.id}/config`, ...base, section: 'config', count: Object.keys(eff.config).length },
      { type: 'section', id: `${node.id}/devices`, ...base, section: 'devices', count: Object.keys(eff.devices).length },
    ];
    if (node.kind === 'lxd' || node.kind === 'catalog') {
      sections.push({ type: 'section', id: `${node.id}/profiles`, ...base, section: 'profiles', count: c.profiles.length });
      sections.push({ type: 'section', id: `${node.id}/snapshots`, ...base, section: 'snapshots', count: c.snapshots.length });
    }
    return sections;
  }

  private async sectionChildren(catalog: Catalog, node: Extract<ContainerTreeNode, { type: 'section' }>): Promise<ContainerTreeNode[]> {
    const c = await catalog.read((em) => loadContainer(em, node.engineId, node.container));
    if (!c) return [];
    const ref = { engine: node.engine, container: node.container };
    switch (node.section) {
      case 'config':
      case 'devices': {
        const profiles = await catalog.read((em) => loadProfiles(em, node.engineId, c.profiles));
        const eff = effectiveConfig(c, profiles);
        const out: ContainerTreeNode[] = [];
        for (const p of eff.missingProfiles) out.push(message(`${node.id}/missing/${p}`, 'error', `Profile "${p}" is not in the catalog`));
        if (node.section === 'config') {
          for (const [key, v] of Object.entries(eff.config)) {
            out.push({ type: 'configKey', id: `${node.id}/${key}`, ...ref, key, value: v.value, origin: originLabel(v.origin), local: v.origin.kind === 'local' });
          }
        } else {
          for (const [name, d] of Object.entries(eff.devices)) {
            out.push({ type: 'device', id: `${node.id}/${name}`, ...ref, name, config: d.config, origin: originLabel(d.origin), local: d.origin.kind === 'local' });
          }
        }
        return out;
      }
      case 'profiles':
        return c.profiles.map((p, i) => ({ type: 'profileRef' as const, id: `${node.id}/${p}`, ...ref, engineId: node.engineId, profile: p, order: i }));
      case 'snapshots':
        return c.snapshots.map((s) => ({ type: 'snapshot' as const, id: `${node.id}/${s}`, ...ref, snapshot: s }));
    }
  }

  private async groupChildren(catalog: Catalog, engineId: number, engine: string, group: GroupKind): Promise<ContainerTreeNode[]> {
    const base = `engine/${engine}/g/${group}`;
    return catalog.read(async (em) => {
      switch (group) {
        case 'profiles':
          return ((await em.query('SELECT name, description FROM profiles WHERE engine_id = ? ORDER BY name', [engineId])) as { name: string; description: string | null }[]).map(
            (p) => ({ type: 'profile' as const, id: `${base}/${p.name}`, engine, engineId, name: p.name, description: p.description ?? '' }),
          );
        case 'networks':
          return ((await em.query('SELECT name, description FROM networks WHERE engine_id = ? ORDER BY name', [engineId])) as { name: string; description: string | null }[]).map(
            (n) => ({ type: 'network' as const, id: `${base}/${n.name}`, engine, engineId, name: n.name, description: n.description ?? '' }),
          );
        case 'storage':
          return (
            (await em.query(
              'SELECT p.name, p.driver, (SELECT count(*) FROM storage_volumes v WHERE v.storage_pool_id = p.id) AS volumes FROM storage_pools p WHERE p.engine_id = ? ORDER BY p.name',
              [engineId],
            )) as { name: string; driver: string; volumes: number }[]
          ).map((p) => ({ type: 'pool' as const, id: `${base}/${p.name}`, engine, engineId, name: p.name, driver: p.driver, volumes: Number(p.volumes) }));
        case 'images':
          return (
            (await em.query(
              `SELECT i.fingerprint, i.size, (SELECT group_concat(a.name, char(31)) FROM images_aliases a WHERE a.image_id = i.id) AS aliases
                 FROM images i WHERE i.engine_id = ? ORDER BY i.upload_date DESC`,
              [engineId],
            )) as { fingerprint: string; size: number; aliases: string | null }[]
          ).map((i) => ({
            type: 'image' as const,
            id: `${base}/${i.fingerprint}`,
            engine,
            engineId,
            fingerprint: i.fingerprint,
            aliases: i.aliases ? i.aliases.split('\x1f').sort() : [],
            size: Number(i.size),
          }));
      }
    });
  }
}

function message(id: string, severity: MessageNode['severity'], text: string, detail?: string): MessageNode {
  return { type: 'message', id, severity, message: text, detail };
}

/** "nic · network=br0" — a device's one-line summary for the tree. */
export function deviceSummary(config: Record<string, string>): string {
  const type = config.type ?? deviceTypeName(0);
  const keys = ['network', 'parent', 'pool', 'source', 'path', 'listen', 'connect'].filter((k) => config[k]);
  return [type, ...keys.map((k) => `${k}=${config[k]}`)].join(' · ');
}

/** Node ids are built from names, never row ids, so a re-sync keeps them (and the tree's expansion). */
function engineNodeId(e: EngineRecord): string {
  return `engine/${e.name}`;
}

function containerNode(engineNode: string, e: EngineRecord, c: ContainerSummary, live: LiveState | undefined): ContainerNode {
  return {
    type: 'container',
    id: `${engineNode}/c/${c.name}`,
    engineId: e.id,
    engine: e.name,
    kind: e.kind,
    name: c.name,
    profiles: c.profiles,
    snapshots: c.snapshots,
    live,
  };
}
