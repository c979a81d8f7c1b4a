import * as vscode from 'vscode';
import { Disposable } from '../platform/disposable';
import type { Catalog } from '../store/catalog';
import { registryTreeItem } from './registryTreeItem';
import type { RegistryTreeModel } from './registryTreeModel';
import type { MoreNode, RegistryTreeNode } from './registryTreeNodes';

/** Network listings older than this are re-read when the view becomes visible again; never on a timer. */
const STALE_AFTER_MS = 5 * 60_000;

/**
 * The Registries view. Children come from the model's cache; the network is only asked on expand,
 * on Refresh, and when the view becomes visible after a while. Catalog changes (this window, another
 * window, the CLI) re-read the registry list, which is cheap and local.
 */
export class RegistryTreeProvider extends Disposable implements vscode.TreeDataProvider<RegistryTreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<RegistryTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<RegistryTreeNode>;
  private subscribed = false;
  private loadedAt = Date.now();
  /** Top-level nodes as last shown (for commands and tests). */
  private roots: RegistryTreeNode[] = [];

  constructor(
    viewId: string,
    private readonly model: RegistryTreeModel,
    private readonly catalog: () => Promise<Catalog>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.view = this.register(vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: true }));
    this.register(
      this.view.onDidChangeVisibility((e) => {
        if (!e.visible) return;
        if (Date.now() - this.loadedAt > STALE_AFTER_MS) this.refresh();
        // "verified N min ago" moves on even when nothing else changed.
        else this.changed.fire(undefined);
      }),
    );
  }

  getTreeItem(node: RegistryTreeNode): vscode.TreeItem {
    return registryTreeItem(node);
  }

  async getChildren(node?: RegistryTreeNode): Promise<RegistryTreeNode[]> {
    if (!node) this.subscribeToCatalog();
    const children = await this.model.children(node);
    if (!node) this.roots = children;
    return children;
  }

  /** Re-reads a node's children (or everything) from the registries. */
  refresh(node?: RegistryTreeNode): void {
    if (node) {
      this.model.invalidate(node.id);
      this.changed.fire(node);
    } else {
      this.model.invalidateAll();
      this.loadedAt = Date.now();
      this.changed.fire(undefined);
    }
  }

  /** After a catalog change: the registry list is re-read; listings stay cached unless their registry changed. */
  refreshRegistryList(): void {
    this.model.invalidate();
    this.changed.fire(undefined);
  }

  /** A registry's subtree after its login or settings changed in this window. */
  refreshRegistry(registryId: string): void {
    this.model.invalidate(registryId);
    this.model.invalidate();
    this.changed.fire(undefined);
  }

  async loadMore(node: MoreNode): Promise<void> {
    const parentId = await this.model.loadMore(node);
    if (parentId === undefined) return;
    const parent = this.model.findNode(parentId);
    this.changed.fire(parent);
  }

  findNode(id: string): RegistryTreeNode | undefined {
    return this.roots.find((n) => n.id === id) ?? this.model.findNode(id);
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

  private subscribeToCatalog(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.catalog().then(
      (c) => {
        if (this.isDisposed) return;
        this.register(c.onDidChange(() => this.refreshRegistryList()));
      },
      (e: unknown) => {
        this.subscribed = false;
        this.log.warn(`registries view: cannot follow catalog changes: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  }
}
