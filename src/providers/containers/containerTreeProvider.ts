import * as vscode from 'vscode';
import { Disposable } from '../platform/disposable';
import { changedChildren } from '../platform/changedChildren';
import { ShownNodes } from '../platform/shownNodes';
import type { Catalog } from '../../store/catalog';
import { containerTreeItem } from './containerTreeItem';
import type { ContainerTreeModel } from './containerTreeModel';
import type { CatalogChange } from '../../store/catalog';
import { containerChangeKey } from '../../containers/containerChangeKey';
import type { ContainerNode, ContainerTreeNode } from './containerTreeNodes';
import type { EngineContext } from '../../containers/engineConnection';
import type { EngineEventSync } from '../../containers/engineEventSync';
import type { EventSyncStats, RereadEvents } from '../../containers/engineEventSync';
import { listEngines } from '../../containers/engineRegistry';
import type { ViewQuery } from '../../shared/viewQuery';
import { KeptFirstPaint, type KeptViewPlace } from '../platform/keptFirstPaint';
import type { FirstPaintGate } from '../platform/firstPaintGate';
import { keptContainerChildren, revivedContainerNode } from './keptContainerView';

export const POLL_SETTING = 'containerCatalog.containers.pollIntervalSeconds';
export const EVENTS_SETTING = 'containerCatalog.containers.followEngineEvents';
/** While engine events are followed, polling is only a safety net. */
const SAFETY_NET_SECONDS = 300;
/**
 * The Containers view. The catalog is read on demand; live state is asked from the engines when the
 * view becomes visible, after every action, and every N seconds (setting) only while it is visible.
 * Bursts of refresh requests are coalesced, so an action plus a catalog change redraw once.
 * A refresh redraws only the nodes whose look changed (a container started, an engine went down);
 * the whole view only when what it lists changed (a container added or removed, a group emptied).
 * So polling does not repaint, and re-read, every row every few seconds.
 * While the view is visible, each engine's event stream is followed (EngineEventSync): changes made
 * elsewhere reach the catalog and the rows as they happen, and polling slows to a safety net. Hidden,
 * the view follows nothing and polls nothing.
 */
export class ContainerTreeProvider extends Disposable implements vscode.TreeDataProvider<ContainerTreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ContainerTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ContainerTreeNode>;
  private timer: ReturnType<typeof setInterval> | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private subscribed = false;
  private liveWanted = false;
  /** Top-level nodes as last shown (for commands and tests). */
  roots: ContainerTreeNode[] = [];
  /** The elements VS Code holds, by id, and fresher data for those redrawn alone. */
  private readonly shown = new ShownNodes<ContainerTreeNode>();
  /** How the view redrew after refreshes and catalog changes (tests read it). */
  readonly redraws = this.shown.redraws;
  readonly paint = this.shown.paint;
  /** The children VS Code was given, by parent id ('' for the top level): what a refresh compares with. */
  private readonly given = new Map<string, readonly ContainerTreeNode[]>();
  /** Container node ids by change key (what catalog writes name). */
  private readonly byChangeKey = new Map<string, string>();
  /** Refreshes run one after another, each comparing with what the previous one drew. */
  private redrawing: Promise<void> = Promise.resolve();
  /** Event followers by engine id, while the view is visible. */
  readonly followers = new Map<number, EngineEventSync>();
  private following: Promise<void> = Promise.resolve();
  /** Timer polls since the view was made (tests check that none ran with polling off). */
  private polls = 0;
  /** The container row last redrawn alone and the state it shows (tests and the benchmark read it). */
  private lastRow: { id: string; status?: string; at: number } | undefined;
  /** Change keys of containers whose rows an event re-read drew, until that burst is applied. */
  private readonly drawnFromReread = new Set<string>();
  /** The first paint from the copy the last window kept, and keeping the view for the next (none in tests of the view alone). */
  readonly keptPaint: KeptFirstPaint<ContainerTreeNode> | undefined;
  /** Event following and the look at the engines wait until the views' first paint is done. */
  private readonly gate: FirstPaintGate | undefined;

  constructor(
    viewId: string,
    private readonly model: ContainerTreeModel,
    private readonly catalog: () => Promise<Catalog>,
    /** Without it (tests of the view alone) no engine events are followed. */
    private readonly engineCtx?: EngineContext,
    /** Without it, the first paint waits for the catalog and nothing is kept. */
    keptPlace?: KeptViewPlace,
  ) {
    super();
    this.keptPaint = keptPlace && new KeptFirstPaint(keptPlace, {
      queryKey: () => queryKey(this.model.query),
      keep: (given) => keptContainerChildren(given, (n) => this.current(n)),
      revive: revivedContainerNode,
    }, this.catalog, () => this.redrawAll());
    this.gate = keptPlace?.gate;
    this.view = this.register(vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: true }));
    this.register(this.shown.watch(this.view));
    if (keptPlace) this.register(keptPlace.gate.track(keptPlace.view, this.view));
    this.register(this.view.onDidChangeVisibility(() => this.schedulePolling(true)));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => (e.affectsConfiguration(POLL_SETTING) || e.affectsConfiguration(EVENTS_SETTING)) && this.schedulePolling(false)),
    );
    this.register({ dispose: () => this.stopTimers() });
    this.register({ dispose: () => this.keptPaint?.dispose() });
    this.register({ dispose: () => this.stopFollowing() });
    this.schedulePolling(false);
  }

  getTreeItem(node: ContainerTreeNode): vscode.TreeItem {
    return containerTreeItem(this.current(node));
  }

  async getChildren(node?: ContainerTreeNode): Promise<ContainerTreeNode[]> {
    this.shown.asked();
    const fromKept = this.keptPaint?.children(node?.id ?? '');
    // Drawn from the kept copy, the catalog is not opened yet: its redraw from the catalog subscribes.
    if (!node && !fromKept) this.subscribeToCatalog();
    const children = fromKept ?? (await this.model.children(node && this.current(node)));
    if (!fromKept) this.keptPaint?.answeredFromCatalog(this.given, this.canKeep);
    if (!node) this.roots = children;
    this.given.set(node?.id ?? '', children);
    for (const c of children) {
      this.shown.remember(c.id, c);
      if (c.type === 'container') this.byChangeKey.set(containerChangeKey(c.engineId, c.name), c.id);
    }
    this.shown.answered(children.length);
    return children;
  }

  /** Whether the view may be kept now: what is kept must be what it shows of the catalog file as it is. */
  private readonly canKeep = async (): Promise<boolean> => {
    // After the redraw a change asked for.
    await this.redrawing;
    // Only rows whose place does not depend on runtime state, which the copy does not hold.
    return placeIgnoresState(this.model.query) && !this.pending;
  };

  /**
   * Re-reads the catalog (debounced); with `live`, also asks the engines for runtime state again.
   * A catalog change alone does not need the engines.
   */
  refresh(live = true): void {
    this.liveWanted ||= live;
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      if (this.liveWanted) this.model.invalidateLive();
      this.liveWanted = false;
      this.redrawing = this.redrawing.then(async () => {
        await this.gate?.whenPainted();
        // Drawn from the kept copy: the whole view is redrawn from the catalog once it is open.
        if (!this.keptPaint?.showing) await this.redrawChanged();
      });
    }, 300);
  }

  private async redrawChanged(): Promise<void> {
    const changes = await this.changesSinceDrawn().catch(() => undefined);
    if (!changes) return this.redrawAll();
    for (const [node, fresh] of changes) {
      this.redrawRow(node, fresh);
    }
  }

  /** Redraws one row VS Code holds with fresher data. */
  private redrawRow(node: ContainerTreeNode, fresh: ContainerTreeNode): void {
    this.shown.redrawNode(node, fresh);
    if (fresh.type === 'container') this.lastRow = { id: node.id, status: fresh.live?.status, at: this.paint.nodeRedrawnAt };
    this.changed.fire(node);
  }

  private redrawAll(): void {
    this.given.clear();
    this.byChangeKey.clear();
    this.shown.redrawAll();
    this.changed.fire(undefined);
  }

  /** Element/fresh-data pairs whose row changed since drawn; undefined when what the view lists changed. */
  private changesSinceDrawn(): Promise<[ContainerTreeNode, ContainerTreeNode][] | undefined> {
    return changedChildren(
      this.given,
      (parentId) => {
        const parent = parentId === '' ? undefined : this.shown.shown(parentId);
        // Folders inside containers are not re-listed by every poll (each listing runs in the container):
        // they are listed again when expanded, and after a file command (redrawFiles).
        if (parent?.type === 'file') return Promise.resolve(this.given.get(parentId));
        return parentId !== '' && !parent ? undefined : this.model.children(parent && this.current(parent));
      },
      (held) => look(this.current(held)),
      look,
    );
  }

  /**
   * After a catalog change: when the writes said they changed only containers this view shows (an edit
   * from a panel or command), redraw just those nodes, with their engine's runtime state asked again;
   * anything else (a sync, another window, a container added or removed) is a refresh, which compares.
   */
  private async onCatalogChange(e: CatalogChange): Promise<void> {
    // The kept copy names the file as it was: it is kept again once the redraw this change asks for is done.
    this.keptPaint?.keepLater(this.given, this.canKeep);
    // An engine may have been added, removed or pointed elsewhere.
    if (e.external || !e.touched) this.follow();
    // Grouped by state or profile, a container may sit in several groups: the refresh compares them all.
    if (this.model.query.group !== undefined && this.model.query.group !== 'engine') return this.refresh(false);
    const targets = e.external || !e.touched ? undefined : e.touched.map((k) => this.shown.shown(this.byChangeKey.get(k) ?? ''));
    if (!targets || targets.some((t) => t?.type !== 'container')) return this.refresh(false);
    // A whole redraw is coming anyway.
    if (this.pending) return;
    // Runtime state is asked again once per engine, however many of its containers changed; not for
    // containers whose state the event re-read behind this write has just given (drawReread).
    const reread = (t: ContainerNode): boolean => this.drawnFromReread.has(containerChangeKey(t.engineId, t.name));
    for (const engineId of new Set((targets as ContainerNode[]).filter((t) => !reread(t)).map((t) => t.engineId))) this.model.invalidateLive(engineId);
    for (const node of targets as ContainerNode[]) {
      const fresh = await this.model.containerNode(node.engineId, node.name).catch(() => undefined);
      // Gone meanwhile, or unreadable: the whole view shows what is there (errors as nodes). Moved under
      // another parent (a cluster instance now on another member): its row is elsewhere, so the view compares.
      if (!fresh || fresh.id !== node.id) return this.refresh(false);
      this.redrawRow(node, fresh);
    }
  }

  /**
   * An event burst's containers were just inspected: their rows show the state the engine gave, at once,
   * without a catalog read, a list request or waiting for the burst's write and save. Only rows whose place
   * does not depend on state (no grouping, sort or filter by state, no free text), that are shown and that
   * still exist; the others are left to the burst's write and the refresh after it.
   */
  private drawReread(r: RereadEvents): void {
    if (!r.states || !placeIgnoresState(this.model.query)) return;
    for (const name of r.names) {
      const key = containerChangeKey(r.engineId, name);
      const node = this.shown.shown(this.byChangeKey.get(key) ?? '');
      const state = r.states.get(name);
      if (node?.type !== 'container' || !state) continue;
      this.model.setLiveState(r.engineId, name, state);
      this.drawnFromReread.add(key);
      const held = this.current(node) as ContainerNode;
      const fresh: ContainerNode = { ...held, live: state };
      if (look(held) === look(fresh)) continue;
      this.redrawRow(node, fresh);
    }
  }

  /** Lists again the folders shown of one container's Files (after a file was created, moved or deleted). */
  redrawFiles(engine: string, container: string): void {
    for (const id of [...this.given.keys()]) {
      const node = this.shown.shown(id);
      if (node?.type !== 'file' || node.engine !== engine || node.container !== container) continue;
      this.given.delete(id);
      this.changed.fire(node);
    }
  }

  /**
   * Only containers are revealed (after a run or launch): their parent is their engine's node, or, while
   * the view groups by state or profile, the group whose row holds them.
   */
  async getParent(node: ContainerTreeNode): Promise<ContainerTreeNode | undefined> {
    if (node.type !== 'container' && node.type !== 'member') return undefined;
    if (!this.roots.length) await this.getChildren();
    const holds = (roots: readonly ContainerTreeNode[]): ContainerTreeNode | undefined =>
      node.id.startsWith('view/')
        ? roots.find((r) => r.type === 'viewGroup' && r.containers.some((c) => c.id === node.id))
        : roots.find((r) => r.type === 'engine' && r.engine.id === node.engineId);
    // The roots VS Code was given may predate the container (a redraw is on its way): then the model's.
    const parent = holds(this.roots) ?? holds(await this.model.children());
    // A cluster's container sits under its member's group (see ContainerTreeModel.engineChildren).
    if (node.type === 'container' && parent?.type === 'engine' && node.id.startsWith(`${parent.id}/m/`)) {
      return (await this.model.children(parent)).find((n) => n.type === 'member' && node.id.startsWith(`${n.id}/c/`)) ?? parent;
    }
    return parent;
  }

  /** Shows, selects and focuses a container's row (a new container, once the catalog has it). */
  async revealContainer(engineId: number, name: string): Promise<boolean> {
    // The view may still list the engine's children from before the container existed: let the refresh
    // the catalog change asked for land first, or VS Code cannot find the new row under its engine. The
    // engine's live state is read again: it places the row (a moved cluster instance is under its new member).
    this.model.invalidateLive(engineId);
    this.refresh(false);
    while (this.pending) await new Promise((r) => setTimeout(r, 50));
    await this.redrawing;
    let node: ContainerTreeNode | undefined = await this.model.containerNode(engineId, name).catch(() => undefined);
    // Grouped by state or profile, the row sits in a group (the first that holds it) rather than under its engine;
    // filtered out, it is in none.
    if (node && this.model.query.group !== undefined && this.model.query.group !== 'engine') {
      const groups = await this.model.children();
      node = groups.flatMap((g) => (g.type === 'viewGroup' ? g.containers : [])).find((c) => c.engineId === engineId && c.name === name);
    }
    if (!node) return false;
    await this.view.reveal(node, { select: true, focus: true, expand: false });
    return true;
  }

  private current(node: ContainerTreeNode): ContainerTreeNode {
    return this.shown.current(node);
  }

  private schedulePolling(becameVisible: boolean): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const events = this.followsEvents();
    this.follow();
    if (!this.view.visible) return;
    if (becameVisible) this.refresh();
    const seconds = vscode.workspace.getConfiguration().get<number>(POLL_SETTING, 10);
    const every = events ? Math.max(SAFETY_NET_SECONDS, seconds) : Math.max(2, seconds);
    if (seconds > 0) {
      this.timer = setInterval(() => {
        this.polls++;
        this.refresh();
      }, every * 1000);
    }
  }

  private followsEvents(): boolean {
    return !!this.engineCtx && this.view.visible && vscode.workspace.getConfiguration().get<boolean>(EVENTS_SETTING, true);
  }

  /**
   * Follows the event stream of every engine the catalog lists while the view is visible (and the
   * setting allows); stops them all when hidden. Called again when the catalog's list of engines may
   * have changed.
   */
  private follow(): void {
    this.following = this.following.then(async () => {
      // Opening the catalog here would hold back the views' first paint.
      await this.gate?.whenPainted();
      if (!this.followsEvents()) return this.stopFollowing();
      const catalog = await this.catalog();
      const engines = (await listEngines(catalog).catch(() => [])).filter((e) => e.kind !== 'catalog' && e.endpoint);
      const wanted = new Map(engines.map((e) => [e.id, e]));
      for (const [id, f] of this.followers) {
        const e = wanted.get(id);
        if (e && e.endpoint === f.engine.endpoint && e.kind === f.engine.kind) continue;
        f.close();
        this.followers.delete(id);
      }
      // The event clients (ws, ssh2) load when the view first follows an engine, not at activation.
      const { EngineEventSync } = await import('../../containers/engineEventSync.js');
      for (const e of engines) {
        if (this.followers.has(e.id)) continue;
        const f = new EngineEventSync(catalog, e, this.engineCtx!, {
          onReread: (r) => this.drawReread(r),
          onApplied: (a) => {
            const keys = a.full ? [] : a.names.map((n) => containerChangeKey(a.engineId, n));
            const drawn = keys.length > 0 && keys.every((k) => this.drawnFromReread.has(k));
            for (const k of keys) this.drawnFromReread.delete(k);
            // Their rows show what the engine just said; a write, if any, redrew its rows (onCatalogChange).
            if (drawn) return;
            // Runtime state (running, stopped) is not in the catalog: ask the engine again and compare rows.
            this.model.invalidateLive(a.engineId);
            this.refresh(false);
          },
        });
        this.followers.set(e.id, f.start());
      }
    });
  }

  /**
   * Polls so far, the container row last redrawn alone, and per followed engine what its event stream did
   * and how often the view asked it for live state (tests and the benchmark read it).
   */
  eventInfo(): EventInfo {
    return {
      polls: this.polls,
      lastRow: this.lastRow && { ...this.lastRow },
      followers: [...this.followers.values()].map((f) => ({ engine: f.engine.name, stats: { ...f.stats }, liveReads: this.model.liveReads.get(f.engine.id) ?? 0 })),
    };
  }

  private stopFollowing(): void {
    for (const f of this.followers.values()) f.close();
    this.followers.clear();
    // A burst cut short never reports itself applied.
    this.drawnFromReread.clear();
  }

  private stopTimers(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
  }

  private subscribeToCatalog(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    void this.catalog().then(
      (c) => this.register(c.onDidChange((e) => void this.onCatalogChange(e))),
      () => undefined, // the root shows the error node
    );
  }
}

/** What the event-info probe answers (src/providers/containers/registerContainers.ts). */
export interface EventInfo {
  readonly polls: number;
  /** performance.now() of the redraw, and the state the row shows then. */
  readonly lastRow?: { readonly id: string; readonly status?: string; readonly at: number };
  readonly followers: readonly { readonly engine: string; readonly stats: EventSyncStats; readonly liveReads: number }[];
}

/** True when a container's state does not decide where (or whether) its row is shown. */
function placeIgnoresState(q: ViewQuery): boolean {
  return !q.text && q.fields?.state === undefined && q.sort !== 'state' && (q.group === undefined || q.group === 'engine');
}

/** The view's query as the kept copy records it. */
function queryKey(q: ViewQuery): string {
  return JSON.stringify(q);
}

/** Everything a node's row shows (label, description, icon, tooltip, menus), as one string. */
function look(node: ContainerTreeNode): string {
  return JSON.stringify(containerTreeItem(node));
}
