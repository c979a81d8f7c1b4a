import * as vscode from 'vscode';
import type { ViewQuery } from '../../shared/viewQuery';
import { queryRegistryRoots } from './registryViewQuery';
import { Disposable } from '../platform/disposable';
import { ShownNodes } from '../platform/shownNodes';
import { KeptFirstPaint, type KeptViewPlace } from '../platform/keptFirstPaint';
import { keptRegistryRoots, revivedRegistryNode } from './keptRegistryView';
import type { Catalog, CatalogChange } from '../../store/catalog';
import { registryChangeKey } from '../../registries/registryChangeKey';
import { registryTreeItem } from './registryTreeItem';
import type { RegistryTreeModel } from './registryTreeModel';
import type { MoreNode, RegistryNode, RegistryTreeNode } from './registryTreeNodes';

/** Network listings older than this are re-read when the view becomes visible again; never on a timer. */
const STALE_AFTER_MS = 5 * 60_000;

/**
 * The Registries view. Children come from the model's cache; the network is only asked on expand,
 * on Refresh, and when the view becomes visible after a while. A change this window made to one
 * registry (an edit, a login, a check) redraws just that registry; other catalog changes (a registry
 * added or removed, another window, the CLI) re-read the registry list, which is cheap and local.
 * Listings are read again only for a registry whose connection or login changed.
 */
export class RegistryTreeProvider extends Disposable implements vscode.TreeDataProvider<RegistryTreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<RegistryTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<RegistryTreeNode>;
  private subscribed = false;
  private loadedAt = Date.now();
  /** Top-level nodes as last shown (for commands and tests). */
  private roots: RegistryTreeNode[] = [];
  private query: ViewQuery = {};
  /** The registry elements VS Code holds, by change key, and fresher data for those redrawn alone. */
  private readonly shown = new ShownNodes<RegistryNode>();
  /** The top level VS Code was last given, as the kept copy keeps it. */
  private readonly given = new Map<string, readonly RegistryTreeNode[]>();
  /** The first paint from the copy the last window kept, and keeping the view for the next. */
  readonly keptPaint: KeptFirstPaint<RegistryTreeNode> | undefined;
  /** How the view redrew after catalog changes (tests read it). */
  readonly redraws = this.shown.redraws;
  readonly paint = this.shown.paint;

  constructor(
    viewId: string,
    private readonly model: RegistryTreeModel,
    private readonly catalog: () => Promise<Catalog>,
    private readonly log: vscode.LogOutputChannel,
    /** Without it, the first paint waits for the catalog and nothing is kept. */
    keptPlace?: KeptViewPlace,
  ) {
    super();
    // Only the top level is kept: a registry's listing is read (from the catalog) when it is expanded.
    this.keptPaint = keptPlace && new KeptFirstPaint<RegistryTreeNode>(keptPlace, {
      queryKey: () => JSON.stringify(this.query),
      keep: (given) => keptRegistryRoots(given.get('')?.map((n) => this.current(n))),
      revive: revivedRegistryNode,
    }, this.catalog, () => this.refreshRegistryList());
    this.register({ dispose: () => this.keptPaint?.dispose() });
    this.view = this.register(vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: true }));
    this.register(this.shown.watch(this.view));
    if (keptPlace) this.register(keptPlace.gate.track(keptPlace.view, this.view));
    // A listing drawn from the catalog was read again in the background: redraw that node's children.
    this.register(
      model.onDidUpdate((parentId) => {
        const parent = this.findNode(parentId);
        if (parent) this.changed.fire(this.held(parent));
      }),
    );
    this.register(
      this.view.onDidChangeVisibility((e) => {
        // Nothing drawn yet, or drawn from the kept copy (the catalog's redraw is on its way): nothing to refresh.
        if (!e.visible || this.paint.answers === 0 || this.keptPaint?.showing) return;
        if (Date.now() - this.loadedAt > STALE_AFTER_MS) this.refresh();
        // "verified N min ago" moves on even when nothing else changed.
        else this.changed.fire(undefined);
      }),
    );
  }

  getTreeItem(node: RegistryTreeNode): vscode.TreeItem {
    return registryTreeItem(this.current(node));
  }

  async getChildren(node?: RegistryTreeNode): Promise<RegistryTreeNode[]> {
    this.shown.asked();
    const children = await this.children(node);
    this.shown.answered(children.length);
    return children;
  }

  private async children(node?: RegistryTreeNode): Promise<RegistryTreeNode[]> {
    const kept = this.keptPaint?.children(node?.id ?? '');
    if (kept) return kept;
    // Drawn from the kept copy, the catalog is not opened yet: its redraw from the catalog subscribes.
    if (!node) this.subscribeToCatalog();
    // A group of the view's grouping holds the registry nodes the model listed.
    if (node?.type === 'viewGroup') return [...node.registries];
    const children = await this.model.children(node && this.current(node));
    if (!node) {
      this.roots = children;
      for (const c of children) if (c.type === 'registry') this.shown.remember(registryChangeKey.row(c.registry.id), c);
      const roots = queryRegistryRoots(children, this.query);
      this.given.set('', roots);
      this.keptPaint?.answeredFromCatalog(this.given, () => true);
      return roots;
    }
    return children;
  }

  /** The view's filter, sort and grouping (the face keeps it; see ViewQueryState); redraws the list. */
  setQuery(query: ViewQuery): void {
    this.query = query;
    this.shown.redrawAll();
    this.changed.fire(undefined);
  }

  /** Re-reads a node's children (or everything) from the registries. */
  refresh(node?: RegistryTreeNode): void {
    if (node) {
      this.model.invalidate(node.id);
      this.changed.fire(this.held(node));
    } else {
      this.model.invalidateAll();
      this.loadedAt = Date.now();
      this.changed.fire(undefined);
    }
  }

  /** After a catalog change: the registry list is re-read; listings stay cached unless their registry changed. */
  refreshRegistryList(): void {
    this.model.invalidate();
    this.shown.redrawAll();
    this.changed.fire(undefined);
  }

  /** A registry's listing is read again (after a login: with the new credentials); only its node is redrawn. */
  refreshRegistry(registryId: string): void {
    this.model.invalidate(registryId);
    const node = this.shown.shown(registryChangeKey.row(registryId));
    if (node) this.changed.fire(node);
    else this.refreshRegistryList();
  }

  async loadMore(node: MoreNode): Promise<void> {
    const parentId = await this.model.loadMore(node);
    if (parentId === undefined) return;
    const parent = this.model.findNode(parentId);
    this.changed.fire(parent && this.held(parent));
  }

  findNode(id: string): RegistryTreeNode | undefined {
    return this.model.findNode(id) ?? this.roots.find((n) => n.id === id);
  }

  /** Every node currently loaded, breadth first (for the integration tests; contains no secrets). */
  async snapshot(): Promise<RegistryTreeNode[]> {
    const out: RegistryTreeNode[] = [];
    const walk = async (node?: RegistryTreeNode) => {
      for (const child of await this.model.children(node)) {
        out.push(child);
        if (child.type === 'registry' || child.type === 'repository') {
          if (this.model.isLoaded(child.id)) await walk(child);
        }
      }
    };
    await walk();
    return out;
  }

  /**
   * After a catalog change: when the writes said they changed only registries this view shows (from a
   * panel or a command in this window), redraw just those nodes; anything else re-reads the list.
   */
  private async onCatalogChange(e: CatalogChange): Promise<void> {
    // The kept copy names the file as it was: it is kept again a moment after this change's redraw.
    this.keptPaint?.keepLater(this.given, () => true);
    const parsed = e.external || !e.touched ? undefined : e.touched.map((k) => registryChangeKey.parse(k));
    // This window's own copy of a listing it just read: what it shows is already that listing.
    const changes = parsed?.filter((c) => !c?.stored);
    if (changes && !changes.length) return;
    if (!changes || changes.some((c) => !c || !this.shown.shown(registryChangeKey.row(c.registryId)))) return this.refreshRegistryList();
    // A write names a registry's row and its listing as two keys: one redraw per registry.
    const listing = new Map<string, boolean>();
    for (const c of changes as { registryId: string; listing: boolean }[]) listing.set(c.registryId, (listing.get(c.registryId) ?? false) || c.listing);
    for (const [registryId, relist] of listing) {
      const node = this.shown.shown(registryChangeKey.row(registryId)) as RegistryNode;
      const fresh = await this.model.reloadRegistry(registryId).catch(() => undefined);
      if (!fresh) return this.refreshRegistryList();
      if (relist) this.model.invalidate(fresh.id);
      this.shown.redrawNode(node, fresh);
      this.changed.fire(node);
    }
  }

  /**
   * The element VS Code holds for a node: after a registry was redrawn alone, the model has a fresher
   * object for it, and VS Code ignores a refresh of an object it was never given.
   */
  private held(node: RegistryTreeNode): RegistryTreeNode {
    return (node.type === 'registry' && this.shown.shown(registryChangeKey.row(node.registry.id))) || node;
  }

  private current(node: RegistryTreeNode): RegistryTreeNode {
    return node.type === 'registry' ? this.shown.current(node) : node;
  }

  private subscribeToCatalog(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.catalog().then(
      (c) => {
        if (this.isDisposed) return;
        this.register(c.onDidChange((e) => void this.onCatalogChange(e)));
      },
      (e: unknown) => {
        this.subscribed = false;
        this.log.warn(`registries view: cannot follow catalog changes: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  }
}
