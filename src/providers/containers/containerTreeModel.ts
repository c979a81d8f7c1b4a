import type { Catalog } from '../../store/catalog';
import type { ContainerSummary } from '../../containers/catalogReads';
import { readContainerDetails } from '../../containers/containerDetails';
import { listContainerSummaries } from '../../containers/containerSummaries';
import { countEngineObjects } from '../../containers/engineObjectCounts';
import { listEngineObjects } from '../../containers/engineObjectLists';
import { listEngines, readEngineById } from '../../containers/engineRegistry';
import { listPoolVolumes } from '../../containers/poolVolumes';
import { listEngineCertificates } from '../../containers/engineCertificates';
import { listServerConfig } from '../../containers/engineServerConfig';
import { readLxdImageFacts } from '../../containers/lxdImageFacts';
import type { ContainerNode, ContainerTreeNode, EngineNode, FileNode, GroupKind, GroupNode, ImageNode, MemberNode, MessageNode } from './containerTreeNodes';
import { applyViewQuery, filterAndSort, type ViewQuery } from '../../shared/viewQuery';
import { CONTAINER_VIEW_SPEC, type ContainerViewRow } from '../../containers/containerViewSpec';
import { originLabel } from '../../containers/effectiveConfig';
import type { EngineContext } from '../../containers/engineConnection';
import { EngineError } from '../../containers/engineError';
import type { EngineRecord } from '../../containers/engineRecord';
import { engineStatus } from '../../containers/engineStatus';
import type { EngineStatus } from '../../containers/engineStatus';
import { readLiveStates } from '../../containers/liveState';
import type { ClusterMember } from '../../containers/lxdCluster';
import type { LiveState } from '../../containers/liveState';
import { deviceTypeName } from '../../containers/deviceTypes';

/** A directory with more entries than this shows the first ones and says how many are left out. */
const MAX_FILE_ROWS = 500;

interface LiveEntry {
  readonly states?: Map<string, LiveState>;
  /** Set when the engine is an LXD cluster. */
  readonly members?: ClusterMember[];
  readonly error?: EngineError;
}

/**
 * What the Containers view shows, read from the catalog, with runtime state asked from each engine
 * once per refresh (never stored). Every failure becomes a message node; nothing here throws.
 */
export class ContainerTreeModel {
  private readonly live = new Map<number, Promise<LiveEntry>>();
  /**
   * Each engine's children as its last listing built them (kept until its live state is invalidated): a
   * cluster member's children are taken from there, so a refresh reads the engine's containers once, not
   * once more per member.
   */
  private readonly listings = new Map<number, Promise<ContainerTreeNode[]>>();
  /** How many times each engine was asked for live state (tests count them). */
  readonly liveReads = new Map<number, number>();
  /** The view's filter, sort and grouping (the face keeps it; see ViewQueryState). */
  query: ViewQuery = {};

  constructor(
    private readonly catalog: () => Promise<Catalog>,
    private readonly ctx: EngineContext,
    /** How long to wait for an engine's live state before showing the catalog without it. */
    private readonly liveTimeoutMs = 5_000,
  ) {}

  /** Forget live state so the next listing asks the engines again. */
  invalidateLive(engineId?: number): void {
    if (engineId === undefined) {
      this.live.clear();
      this.listings.clear();
    } else {
      this.live.delete(engineId);
      this.listings.delete(engineId);
    }
  }

  /**
   * One container's state, just read from its engine, replaces the one in the engine's cached live state
   * (when there is one), so the next listing shows it without asking the engine again.
   */
  setLiveState(engineId: number, name: string, state: LiveState): void {
    const p = this.live.get(engineId);
    // Members' children come from the last listing: the next one must be read again.
    this.listings.delete(engineId);
    if (p) this.live.set(engineId, p.then((e) => (e.states ? { ...e, states: new Map(e.states).set(name, state) } : e)));
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
      const engines = await listEngines(catalog);
      const nodes: ContainerTreeNode[] = [];
      for (const e of engines) {
        // The local catalog appears only once it holds drafts.
        if (e.kind === 'catalog') {
          const n = await countEngineObjects(catalog, e.id);
          if (!n.containers && !n.profiles) continue;
        }
        nodes.push(await this.engineNode(e));
      }
      return this.grouped() ? [...(await this.viewGroups(catalog, nodes)), ...nodes] : nodes;
    }
    switch (node.type) {
      case 'viewGroup':
        return [...node.containers];
      case 'member':
        return this.memberChildren(catalog, node);
      case 'engine':
        return this.listEngine(catalog, node);
      case 'container':
        return this.containerSections(catalog, node);
      case 'section':
        return this.sectionChildren(catalog, node);
      case 'group':
        return this.groupChildren(catalog, node);
      case 'file':
        return this.fileChildren(catalog, node);
      case 'image':
        return node.kind === 'lxd' ? this.imageFacts(catalog, node) : [];
      case 'pool':
        return (await listPoolVolumes(catalog, node.engineId, node.name)).map((v) => ({
          type: 'volume' as const,
          id: `${node.id}/${v.type}/${v.name}`,
          engine: node.engine,
          engineId: node.engineId,
          pool: node.name,
          name: v.name,
          volumeType: v.type,
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
    const e = await readEngineById(catalog, engineId);
    const c = e && (await listContainerSummaries(catalog, { engineId, name }))[0];
    if (!e || !c) return undefined;
    let live: LiveState | undefined;
    let parent = engineNodeId(e);
    if (e.kind !== 'catalog') {
      const entry = await this.liveOf(e);
      live = entry.states?.get(c.name);
      // In a cluster the row sits under its member's group, as the listing puts it.
      if (live?.location && entry.members?.some((m) => m.name === live!.location)) parent = `${parent}/m/${live.location}`;
    }
    return containerNode(parent, e, c, live);
  }

  /** Every container of every engine as the view's filter sees it (the values a filter pick offers). */
  async viewRows(): Promise<ContainerViewRow[]> {
    const catalog = await this.catalog();
    const out: ContainerViewRow[] = [];
    for (const e of await listEngines(catalog)) {
      const live = e.kind === 'catalog' ? {} : await this.liveOf(e);
      for (const c of await listContainerSummaries(catalog, { engineId: e.id })) out.push(containerViewRow(containerNode('', e, c, live.states?.get(c.name))));
    }
    return out;
  }

  /** True when the query groups containers other than by engine (the view's own layout). */
  private grouped(): boolean {
    return this.query.group !== undefined && CONTAINER_VIEW_SPEC.groups[this.query.group] !== undefined;
  }

  private queried(nodes: ContainerNode[]): ContainerNode[] {
    const rows = new Map(nodes.map((n) => [containerViewRow(n), n]));
    return filterAndSort(CONTAINER_VIEW_SPEC, this.query, [...rows.keys()]).map((r) => rows.get(r) as ContainerNode);
  }

  /** The groups of the grouping by state or profile, each with the containers of every engine it holds. */
  private async viewGroups(catalog: Catalog, engines: readonly ContainerTreeNode[]): Promise<ContainerTreeNode[]> {
    const rows = new Map<ContainerViewRow, { e: EngineRecord; c: ContainerSummary; live?: LiveState }>();
    for (const n of engines) {
      if (n.type !== 'engine') continue;
      const e = n.engine;
      const live = e.kind === 'catalog' ? {} : await this.liveOf(e);
      for (const c of await listContainerSummaries(catalog, { engineId: e.id })) {
        const node = containerNode('', e, c, live.states?.get(c.name));
        rows.set(containerViewRow(node), { e, c, live: node.live });
      }
    }
    const grouping = this.query.group ?? '';
    return applyViewQuery(CONTAINER_VIEW_SPEC, this.query, [...rows.keys()]).map((g) => {
      const id = `view/${grouping}/${g.name ?? ''}`;
      const containers = g.rows.map((r) => {
        const x = rows.get(r) as { e: EngineRecord; c: ContainerSummary; live?: LiveState };
        return containerNode(`${id}/engine/${x.e.name}`, x.e, x.c, x.live);
      });
      return { type: 'viewGroup' as const, id, grouping, name: g.name ?? '', containers };
    });
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
      this.liveReads.set(e.id, (this.liveReads.get(e.id) ?? 0) + 1);
      p = (async (): Promise<LiveEntry> => {
        const ac = new AbortController();
        const timer = setTimeout(() => ac.abort(), this.liveTimeoutMs);
        try {
          // The engine clients (ssh2, ws) load with the first live read, not at activation.
          const { openEngine } = await import('../../containers/engineConnection.js');
          const { readClusterMembers } = await import('../../containers/lxdCluster.js');
          const conn = await openEngine(e, this.ctx);
          try {
            const states = await readLiveStates(conn, ac.signal);
            const members = conn.kind === 'lxd' ? await readClusterMembers(conn.lxd, ac.signal) : undefined;
            return { states, members };
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

  /** The engine's children, read now; kept for its members' children (see `listings`). */
  private listEngine(catalog: Catalog, node: EngineNode): Promise<ContainerTreeNode[]> {
    const listing = this.engineChildren(catalog, node);
    this.listings.set(node.engine.id, listing);
    // A failed read is not kept: the next listing tries again.
    listing.catch(() => this.listings.get(node.engine.id) === listing && this.listings.delete(node.engine.id));
    return listing;
  }

  /**
   * A member's containers are placed from the engine's latest listing rather than taken from the node: a
   * refresh compares them, and a container moved between members (or LXD's temporary copy during a move)
   * changes them while the member's own row may look the same. A refresh lists the engine before its
   * members, so they share that one read; without a listing (live state invalidated since) the engine is
   * listed once for all its members.
   */
  private async memberChildren(catalog: Catalog, node: MemberNode): Promise<ContainerTreeNode[]> {
    let listing = this.listings.get(node.engineId);
    if (!listing) {
      const e = await readEngineById(catalog, node.engineId);
      if (!e) return [];
      // Another member may have started the same listing meanwhile.
      listing = this.listings.get(node.engineId) ?? this.listEngine(catalog, { type: 'engine', id: engineNodeId(e), engine: e, status: engineStatus(e) });
    }
    const member = (await listing).find((n) => n.type === 'member' && n.id === node.id);
    return member?.type === 'member' ? [...member.containers] : [];
  }

  private async engineChildren(catalog: Catalog, node: EngineNode): Promise<ContainerTreeNode[]> {
    const e = node.engine;
    const out: ContainerTreeNode[] = [];
    const live = e.kind === 'catalog' ? {} : await this.liveOf(e);
    const neverSynced = !e.lastSyncAt && e.kind !== 'catalog';
    // A never-synced engine has nothing in the catalog to show: one line says why (the engine's error when
    // it did not answer), without empty groups under it.
    if (live.error) out.push(message(`${node.id}/live-error`, 'error', live.error.message, neverSynced ? 'Not synced yet: nothing to show until a sync succeeds.' : 'Showing the catalog as last synced.'));
    else if (e.lastError) out.push(message(`${node.id}/sync-error`, 'error', `Last sync failed: ${e.lastError.replace(/^[a-z]+: /, '')}`));
    const containers = await listContainerSummaries(catalog, { engineId: e.id });
    // Grouped by state or profile, the containers sit in their groups at the top; the engine keeps the rest.
    if (!this.grouped()) {
      const shown = this.queried(containers.map((c) => containerNode(node.id, e, c, live.states?.get(c.name))));
      // A cluster: one group per member (in the member's own words), each holding the containers LXD says
      // live there; a container the cluster did not place (just made, or the listing raced) stays at the engine.
      if (live.members) {
        for (const m of live.members) {
          const id = `${node.id}/m/${m.name}`;
          const mine = shown.filter((c) => c.live?.location === m.name).map((c) => ({ ...c, id: `${id}/c/${c.name}` }));
          out.push({ type: 'member', id, engineId: e.id, engine: e.name, member: m, containers: mine });
        }
        out.push(...shown.filter((c) => !live.members!.some((m) => m.name === c.live?.location)));
      } else out.push(...shown);
    }
    if (neverSynced && !containers.length) {
      if (!live.error && !e.lastError) out.push(message(`${node.id}/never`, 'info', 'Not synced yet. Run "Sync Now".'));
      return out;
    }
    const counts = await countEngineObjects(catalog, e.id);
    // What LXD keeps of the server itself (trusted certificates, server config) follows its objects.
    const groups: GroupKind[] =
      e.kind === 'lxd'
        ? ['profiles', 'networks', 'storage', 'images', 'certificates', 'config']
        : e.kind === 'catalog'
          ? ['profiles', 'networks', 'storage', 'images']
          : ['networks', 'storage', 'images'];
    for (const g of groups) {
      const count = counts[g];
      if (e.kind === 'catalog' && !count) continue;
      out.push({ type: 'group', id: `${node.id}/g/${g}`, engineId: e.id, engine: e.name, kind: e.kind, group: g, count });
    }
    return out;
  }

  private async containerSections(catalog: Catalog, node: ContainerNode): Promise<ContainerTreeNode[]> {
    const details = await readContainerDetails(catalog, node.engineId, node.name);
    if (!details) return [message(`${node.id}/gone`, 'info', 'No longer in the catalog.')];
    const { container: c, effective: eff } = details;
    const base = { engineId: node.engineId, engine: node.engine, container: node.name };
    const sections: ContainerTreeNode[] = [
      { type: 'section', id: `${node.id}/config`, ...base, section: 'config', count: Object.keys(eff.config).length },
      { type: 'section', id: `${node.id}/devices`, ...base, section: 'devices', count: Object.keys(eff.devices).length },
    ];
    if (node.kind === 'lxd' || node.kind === 'catalog') {
      sections.push({ type: 'section', id: `${node.id}/profiles`, ...base, section: 'profiles', count: c.profiles.length });
      sections.push({ type: 'section', id: `${node.id}/snapshots`, ...base, section: 'snapshots', count: c.snapshots.length });
    }
    // Files are read through the running container (Podman/Docker list a directory with the container's shell).
    if (node.kind !== 'catalog' && node.live?.running) {
      sections.push({ type: 'file', id: `${node.id}/files`, ...base, path: '/', fileType: 'directory', root: true });
    }
    return sections;
  }

  private async sectionChildren(catalog: Catalog, node: Extract<ContainerTreeNode, { type: 'section' }>): Promise<ContainerTreeNode[]> {
    const details = await readContainerDetails(catalog, node.engineId, node.container);
    if (!details) return [];
    const c = details.container;
    const ref = { engine: node.engine, container: node.container };
    switch (node.section) {
      case 'config':
      case 'devices': {
        const eff = details.effective;
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

  /** One directory level, asked from the engine when expanded: directories first, then the rest, by name. */
  private async fileChildren(catalog: Catalog, node: FileNode): Promise<ContainerTreeNode[]> {
    if (node.fileType !== 'directory') return [];
    const engine = await readEngineById(catalog, node.engineId);
    if (!engine) return [message(`${node.id}/gone`, 'info', 'No longer in the catalog.')];
    let entries: [string, FileNode['fileType']][];
    try {
      const { openEngine } = await import('../../containers/engineConnection.js');
      const { ContainerFiles } = await import('../../containers/containerFiles.js');
      const conn = await openEngine(engine, this.ctx);
      try {
        entries = await new ContainerFiles(conn, node.container).list(node.path);
      } finally {
        conn.close();
      }
    } catch (err) {
      return [message(`${node.id}/error`, 'error', `Could not list ${node.path}: ${(err as Error).message}`)];
    }
    if (!entries.length) return [message(`${node.id}/empty`, 'info', 'Empty directory')];
    entries.sort((a, b) => Number(b[1] === 'directory') - Number(a[1] === 'directory') || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const shown = entries.slice(0, MAX_FILE_ROWS).map(([name, fileType]): ContainerTreeNode => {
      const path = node.path === '/' ? `/${name}` : `${node.path}/${name}`;
      const base = node.root ? `${node.id}` : node.id.slice(0, node.id.length - node.path.length);
      return { type: 'file', id: `${base}${path}`, engineId: node.engineId, engine: node.engine, container: node.container, path, fileType, root: false };
    });
    if (entries.length > MAX_FILE_ROWS) shown.push(message(`${node.id}/more`, 'info', `${entries.length - MAX_FILE_ROWS} more entries not shown`, 'Open the file by its path with "Open File in Container…".'));
    return shown;
  }

  private async groupChildren(catalog: Catalog, node: GroupNode): Promise<ContainerTreeNode[]> {
    const { engineId, engine, group } = node;
    const base = `engine/${engine}/g/${group}`;
    switch (group) {
      case 'profiles':
        return (await listEngineObjects(catalog, engineId, 'profiles')).map((p) => ({ type: 'profile' as const, id: `${base}/${p.name}`, engine, engineId, name: p.name, description: p.description }));
      case 'networks':
        return (await listEngineObjects(catalog, engineId, 'networks')).map((n) => ({ type: 'network' as const, id: `${base}/${n.name}`, engine, engineId, name: n.name, description: n.description }));
      case 'storage':
        return (await listEngineObjects(catalog, engineId, 'storage')).map((p) => ({ type: 'pool' as const, id: `${base}/${p.name}`, engine, engineId, name: p.name, driver: p.driver, volumes: p.volumes }));
      case 'images':
        return (await listEngineObjects(catalog, engineId, 'images')).map((i) => ({
          type: 'image' as const,
          id: `${base}/${i.fingerprint}`,
          engine,
          engineId,
          kind: node.kind,
          fingerprint: i.fingerprint,
          aliases: i.aliases,
          size: i.size,
          outdated: i.outdated,
        }));
      case 'certificates':
        return (await listEngineCertificates(catalog, engineId)).map((c) => ({
          type: 'certificate' as const,
          id: `${base}/${c.fingerprint}`,
          engine,
          name: c.name,
          fingerprint: c.fingerprint,
          certType: c.type,
          expires: c.expires ? c.expires.getTime() : null,
          commonName: c.commonName,
        }));
      case 'config':
        return (await listServerConfig(catalog, engineId)).map((c) => ({ type: 'serverConfig' as const, id: `${base}/${c.key}`, engine, key: c.key, value: c.value }));
    }
  }

  /** An image's aliases, then its source server, then its properties (what LXD stores besides the row). */
  private async imageFacts(catalog: Catalog, node: ImageNode): Promise<ContainerTreeNode[]> {
    const facts = await readLxdImageFacts(catalog, node.engineId, node.fingerprint);
    if (!facts) return [message(`${node.id}/gone`, 'info', 'No longer in the catalog.')];
    const out: ContainerTreeNode[] = [
      ...facts.aliases.map((a) => ({ type: 'imageFact' as const, id: `${node.id}/alias/${a.name}`, fact: 'alias' as const, label: a.name, value: a.description })),
    ];
    if (facts.source) {
      const s = facts.source;
      out.push({ type: 'imageFact', id: `${node.id}/source`, fact: 'source', label: s.server, value: [s.protocol, s.alias].filter(Boolean).join(' · ') });
    }
    for (const p of facts.properties) out.push({ type: 'imageFact', id: `${node.id}/property/${p.key}`, fact: 'property', label: p.key, value: p.value });
    if (!out.length) out.push(message(`${node.id}/none`, 'info', 'No aliases, source or properties stored.'));
    return out;
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
    created: c.created,
  };
}

/** What the view's filter, sort and grouping see of a container node. */
export function containerViewRow(n: ContainerNode): ContainerViewRow {
  return { name: n.name, engine: n.engine, kind: n.kind, state: n.live?.status ?? 'unknown', profiles: n.profiles, created: n.created ?? null };
}
