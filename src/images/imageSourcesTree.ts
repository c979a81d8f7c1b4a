import * as vscode from 'vscode';
import { Disposable } from '../platform/disposable';
import { CommandIds, ImageCommandIds } from '../platform/ids';
import { ShownNodes } from '../platform/shownNodes';
import type { Catalog } from '../store/catalog';
import { LocalState } from './imageKinds';
import { ImageTreeModel, typeLabel, type ImageFilter, type ImageNode, type TreeData } from './imageTreeModel';
import { changedNodes, treeShape, type TreeShape } from './treeShape';

/** contextValue of a node; package.json menus match these with regexes. */
export function contextValueOf(node: ImageNode): string {
  switch (node.type) {
    case 'source':
      return `imageSource${node.downloadable ? '.downloadable' : ''}${node.localState ? `.local${node.localState}` : ''}`;
    case 'local':
      return `localImage.${node.state}`;
    case 'sourceType':
      return `imageSourceType.${node.sourceType}`;
    default:
      return node.type;
  }
}

/**
 * The image-sources view: reads the catalog once per refresh into a plain-data model. getChildren
 * never throws and never pops messages: a failure becomes an error node. Refreshes come from catalog
 * changes (this window, another window, the CLI) and download progress, debounced. When a refresh
 * keeps the tree's structure (a state, a count, a percentage changed), only the nodes whose look
 * changed are redrawn; anything else (a source added or removed, a filter) redraws the whole view.
 */
export class ImageSourcesTree extends Disposable implements vscode.TreeDataProvider<ImageNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ImageNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private model: Promise<ImageTreeModel | Error> | undefined;
  private filter: ImageFilter = {};
  private readonly downloads = new Map<string, number | null>();
  private timer: NodeJS.Timeout | undefined;
  private reloadPending = false;
  private subscribed = false;
  /** The elements VS Code holds, by id, and fresher data for those redrawn alone. */
  private readonly shown = new ShownNodes<ImageNode>();
  /** How the view redrew after changes (tests read it). */
  readonly redraws = this.shown.redraws;
  /** The structure last drawn in full or in part, to compare the next refresh against. */
  private drawn: { model: ImageTreeModel; shape: TreeShape<ImageNode> } | undefined;
  /** Redraws one after another, so each compares against what the previous one drew. */
  private redrawing: Promise<void> = Promise.resolve();

  constructor(private readonly catalog: () => Promise<Catalog>, private readonly log: vscode.LogOutputChannel) {
    super();
    this.register({ dispose: () => clearTimeout(this.timer) });
  }

  get currentFilter(): ImageFilter {
    return { ...this.filter };
  }

  setFilter(filter: ImageFilter): void {
    this.filter = { ...filter };
    void vscode.commands.executeCommand('setContext', 'containerCatalog.imageSources.filtered', Object.keys(this.filter).length > 0);
    this.refresh();
  }

  /** Shows a running download's percentage on its source (null = size unknown); undefined ends it. */
  setDownload(sourceId: string, percent: number | null | undefined): void {
    if (percent === undefined) this.downloads.delete(sourceId);
    else this.downloads.set(sourceId, percent);
    // The model reads this map when it renders: progress needs a repaint, not a catalog read.
    this.refresh(150, false);
  }

  refresh(delayMs = 200, reload = true): void {
    this.reloadPending ||= reload;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.redrawing = this.redrawing.then(() => this.redraw()).catch((e: unknown) => this.log.error(`image sources view: ${String(e)}`));
    }, delayMs);
  }

  private async redraw(): Promise<void> {
    const reload = this.reloadPending;
    this.reloadPending = false;
    const before = this.drawn;
    const previous = this.model;
    // A repaint (download progress) renders the same rows again with the progress as it is now.
    this.model = reload || !previous ? undefined : previous.then((m) => (m instanceof ImageTreeModel ? m.at(Math.floor(Date.now() / 1000)) : m));
    const model = await this.load();
    if (!(model instanceof ImageTreeModel) || !before) return this.redrawAll(model);
    const after = this.shapeOf(model);
    const changed = changedNodes(before.shape, after, (n) => this.look(n, before.model), (n) => this.look(n, model));
    if (!changed) return this.redrawAll(model, after);
    this.drawn = { model, shape: after };
    for (const id of changed) {
      const node = this.shown.shown(id);
      // Never shown (inside a group not opened yet): VS Code asks for it when it is opened.
      if (!node) continue;
      this.shown.redrawNode(node, after.nodes.get(id) as ImageNode);
      this.changed.fire(node);
    }
  }

  private redrawAll(model: ImageTreeModel | Error, shape = model instanceof ImageTreeModel ? this.shapeOf(model) : undefined): void {
    this.drawn = model instanceof ImageTreeModel && shape ? { model, shape } : undefined;
    this.shown.redrawAll();
    this.changed.fire(undefined);
  }

  private shapeOf(model: ImageTreeModel): TreeShape<ImageNode> {
    return treeShape(model.roots(), (n) => model.children(n));
  }

  /** Everything a node's tree item shows, as one string. */
  private look(node: ImageNode, model: ImageTreeModel): string {
    return JSON.stringify(node.type === 'sourceType' ? [node, model.describeType(node)] : node);
  }

  /** All rows, for quick picks and filters. */
  async data(): Promise<TreeData> {
    const catalog = await this.catalog();
    this.subscribe(catalog);
    const { readTreeData } = await import('./imageTreeData.js');
    return readTreeData(catalog);
  }

  private subscribe(catalog: Catalog): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.register(catalog.onDidChange(() => this.refresh()));
  }

  private load(): Promise<ImageTreeModel | Error> {
    this.model ??= this.data().then(
      (d) => new ImageTreeModel(d, this.filter, Math.floor(Date.now() / 1000), this.downloads),
      (e: unknown) => {
        this.log.error(`image sources view: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return e instanceof Error ? e : new Error(String(e));
      },
    );
    return this.model;
  }

  async getChildren(node?: ImageNode): Promise<ImageNode[]> {
    try {
      const model = await this.load();
      if (model instanceof Error) {
        return node ? [] : [{ type: 'error', id: 'error', message: `Cannot read the catalog: ${model.message}` }];
      }
      const children = node ? model.children(this.current(node)) : model.roots();
      if (!node || !this.drawn) this.drawn = { model, shape: this.shapeOf(model) };
      for (const c of children) this.shown.remember(c.id, c);
      return children;
    } catch (e) {
      return [{ type: 'error', id: `error:${node?.id ?? ''}`, message: (e as Error).message }];
    }
  }

  private current(node: ImageNode): ImageNode {
    return this.shown.current(node);
  }

  async getTreeItem(element: ImageNode): Promise<vscode.TreeItem> {
    const node = this.current(element);
    const C = vscode.TreeItemCollapsibleState;
    let item: vscode.TreeItem;
    switch (node.type) {
      case 'sourceType': {
        const model = await this.load();
        item = new vscode.TreeItem(typeLabel(node.sourceType), C.Expanded);
        item.description = model instanceof ImageTreeModel ? model.describeType(node) : String(node.count);
        item.iconPath = new vscode.ThemeIcon(node.sourceType === 'Docker' ? 'package' : node.sourceType === 'Incus' ? 'server' : 'library');
        break;
      }
      case 'distribution':
        item = new vscode.TreeItem(node.distribution, C.Collapsed);
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon('folder');
        break;
      case 'source':
        item = new vscode.TreeItem(node.label, C.None);
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.iconPath = localStateIcon(node.localState, 'cloud');
        // A leaf: its click has nothing to expand, so it opens the details.
        item.command = { command: CommandIds.imageSourcesOpenDetails, title: 'Open Details', arguments: [node] };
        break;
      case 'localGroup':
        item = new vscode.TreeItem('Local images', C.Expanded);
        item.description = `${node.count}${node.outdated ? ` · ⚠ ${node.outdated} outdated` : ''}`;
        item.iconPath = new vscode.ThemeIcon('device-desktop');
        break;
      case 'local':
        item = new vscode.TreeItem(node.label, C.None);
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.iconPath = localStateIcon(node.state, 'cloud-download');
        item.command = { command: CommandIds.localImagesOpenDetails, title: 'Open Details', arguments: [node] };
        break;
      case 'filter':
        item = new vscode.TreeItem(node.label, C.None);
        item.iconPath = new vscode.ThemeIcon('filter-filled');
        item.tooltip = 'Click to clear the filter';
        item.command = { command: ImageCommandIds.clearFilter, title: 'Clear Filter' };
        break;
      case 'error':
        item = new vscode.TreeItem(node.message, C.None);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = node.message;
        item.command = { command: CommandIds.showLog, title: 'Show Log' };
        break;
    }
    item.id = node.id;
    item.contextValue = contextValueOf(node);
    // Screen readers (and the UI tests) get the label and the description together.
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    item.accessibilityInformation = { label: [label, item.description].filter(Boolean).join(', ') };
    return item;
  }
}

/** One look for a local image's state, whether shown on its source or in the Local images group. */
function localStateIcon(state: string | null | undefined, otherwise: string): vscode.ThemeIcon {
  if (state === LocalState.Synced) return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
  if (state === LocalState.Outdated) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  return new vscode.ThemeIcon(otherwise);
}
