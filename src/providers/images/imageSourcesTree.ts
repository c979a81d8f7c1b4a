import * as vscode from 'vscode';
import { Disposable } from '../platform/disposable';
import { CommandIds, ViewQueryCommandIds, viewQueryCommand } from '../platform/ids';
import { changedChildren } from '../platform/changedChildren';
import { ShownNodes } from '../platform/shownNodes';
import { KeptFirstPaint, type KeptViewPlace } from '../platform/keptFirstPaint';
import { keptImageChildren } from './keptImageView';
import type { Catalog } from '../../store/catalog';
import { LocalState } from '../../images/imageKinds';
import type { ImageTreeData } from '../../images/readImageTreeData';
import type { ImageSourceRow } from '../../images/readImageSourceRows';
import type { ViewQueryState } from '../platform/viewQuery/viewQueryState';
import { FILTER_FIELDS, ImageTreeModel, describeSourceType, typeLabel, type ImageFilter, type ImageNode } from './imageTreeModel';
import { imageTreeSourceFromRows, imageTreeSourceFromSummary, type ImageTreeSource } from './imageTreeSource';
import { isUnfiltered } from '../../shared/viewQuery';

/** contextValue of a node; package.json menus match these with regexes. */
export function contextValueOf(node: ImageNode): string {
  switch (node.type) {
    case 'source':
      // The row's type comes first so a menu can be offered on one kind of row only (Launch on LXD: Incus).
      return `imageSource.${node.sourceType}${node.downloadable ? '.downloadable' : ''}${node.localState ? `.local${node.localState}` : ''}`;
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
 * keeps what the open parts of the tree list (a state, a count, a percentage changed), only the rows
 * whose look changed are redrawn; anything else (a source added or removed, a filter) redraws it all.
 */
export class ImageSourcesTree extends Disposable implements vscode.TreeDataProvider<ImageNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ImageNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private model: Promise<ImageTreeModel | Error> | undefined;
  private readonly downloads = new Map<string, number | null>();
  private timer: NodeJS.Timeout | undefined;
  private reloadPending = false;
  private subscribed = false;
  /** The elements VS Code holds, by id, and fresher data for those redrawn alone. */
  private readonly shown = new ShownNodes<ImageNode>();
  /** How the view redrew after changes (tests read it). */
  readonly redraws = this.shown.redraws;
  readonly paint = this.shown.paint;
  /** Records when the view showing this tree becomes visible (first paint starts there); the window's first paint follows it. */
  watch(view: vscode.TreeView<ImageNode>): vscode.Disposable {
    const place = this.keptPlace;
    return vscode.Disposable.from(this.shown.watch(view), ...(place ? [place.gate.track(place.view, view)] : []));
  }

  /** Whether the view may be kept now: after the redraw a change asked for, so it is what the file holds. */
  private readonly canKeep = async (): Promise<boolean> => {
    await this.redrawing;
    return !this.reloadPending;
  };
  /** The children VS Code was given, by parent id ('' for the top level): what a refresh compares with. */
  private readonly given = new Map<string, readonly ImageNode[]>();
  /** The model the rows VS Code shows were made from (their ages are as of its time). */
  private drawnModel: ImageTreeModel | undefined;
  /** Redraws one after another, so each compares against what the previous one drew. */
  private redrawing: Promise<void> = Promise.resolve();

  /** The first paint from the copy the last window kept, and keeping the view for the next. */
  readonly keptPaint: KeptFirstPaint<ImageNode> | undefined;

  constructor(
    private readonly catalog: () => Promise<Catalog>,
    private readonly log: vscode.LogOutputChannel,
    /** The view's filter, sort and grouping (shared mechanism; kept per workspace). */
    readonly query: ViewQueryState<ImageSourceRow>,
    /** Without it, the first paint waits for the catalog and nothing is kept. */
    private readonly keptPlace?: KeptViewPlace,
  ) {
    super();
    this.keptPaint = keptPlace && new KeptFirstPaint<ImageNode>(keptPlace, {
      queryKey: () => JSON.stringify(this.query.query),
      keep: (given) => keptImageChildren(given, (n) => this.current(n), this.downloads),
      revive: (n) => n,
    }, this.catalog, () => this.redrawAll());
    this.register({ dispose: () => this.keptPaint?.dispose() });
    this.register({ dispose: () => clearTimeout(this.timer) });
    this.register(query.onDidChange(() => this.refresh(0)));
  }

  /** The os/release/variant/arch part of the query (the older filter command's view of it). */
  get currentFilter(): ImageFilter {
    const out: ImageFilter = {};
    for (const f of FILTER_FIELDS) if (this.query.query.fields?.[f] !== undefined) out[f] = this.query.query.fields[f];
    return out;
  }

  /** Replaces the os/release/variant/arch part of the query; text, type, sort and grouping stay. */
  setFilter(filter: ImageFilter): void {
    const fields: Record<string, string> = Object.fromEntries(Object.entries(this.query.query.fields ?? {}).filter(([k]) => !FILTER_FIELDS.includes(k as never)));
    for (const [k, v] of Object.entries(filter)) if (v) fields[k] = v;
    const next = { ...this.query.query, fields };
    if (!Object.keys(fields).length) delete (next as { fields?: unknown }).fields;
    this.query.set(next);
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
    const before = this.drawnModel;
    const previous = this.model;
    // A repaint (download progress) renders the same rows again with the progress as it is now.
    this.model = reload || !previous ? undefined : previous.then((m) => (m instanceof ImageTreeModel ? m.at(Math.floor(Date.now() / 1000)) : m));
    const model = await this.load();
    if (!(model instanceof ImageTreeModel) || !before) return this.redrawAll();
    const changed = await changedChildren(
      this.given,
      (parentId) => {
        if (parentId === '') return model.roots();
        const parent = this.shown.shown(parentId);
        return parent && model.children(this.current(parent));
      },
      (held) => before.look(this.current(held)),
      (fresh) => model.look(fresh),
    );
    if (!changed) return this.redrawAll();
    this.drawnModel = model;
    for (const [node, fresh] of changed) {
      this.shown.redrawNode(node, fresh);
      this.changed.fire(node);
    }
  }

  private redrawAll(): void {
    this.given.clear();
    this.drawnModel = undefined;
    this.shown.redrawAll();
    this.changed.fire(undefined);
  }

  /** All rows, for quick picks and filters. */
  async data(): Promise<ImageTreeData> {
    const catalog = await this.catalog();
    this.subscribe(catalog);
    // Loaded on first use, not at activation: the query pulls in TypeORM and the entities.
    const { readImageTreeData } = await import('../../images/readImageTreeData.js');
    return readImageTreeData(catalog);
  }

  private subscribe(catalog: Catalog): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.register(catalog.onDidChange(() => {
      this.refresh();
      // The kept copy names the file as it was: it is kept again once the redraw this change asks for is done.
      this.keptPaint?.keepLater(this.given, this.canKeep);
    }));
  }

  private load(): Promise<ImageTreeModel | Error> {
    this.model ??= this.readSource().then(
      (source) => new ImageTreeModel(source, this.query.query, Math.floor(Date.now() / 1000), this.downloads),
      (e: unknown) => {
        this.log.error(`image sources view: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return e instanceof Error ? e : new Error(String(e));
      },
    );
    return this.model;
  }

  /**
   * What the model draws from. Unfiltered (the usual case, and the first paint), the top levels are
   * counts from one aggregate query and a distribution's rows are read when it is opened; 20,000 rows
   * are never read at once. A filter's counts depend on every row, so a filtered view reads them all.
   */
  private async readSource(): Promise<ImageTreeSource> {
    const query = this.query.query;
    if (!isUnfiltered(query)) return imageTreeSourceFromRows(await this.data(), query);
    const catalog = await this.catalog();
    this.subscribe(catalog);
    // Loaded on first use, not at activation: the reads pull in the entities.
    const { readImageTreeSummary } = await import('../../images/readImageTreeSummary.js');
    const { readImageSourceRows } = await import('../../images/readImageSourceRows.js');
    return imageTreeSourceFromSummary(await readImageTreeSummary(catalog), query, (type, distribution) =>
      readImageSourceRows(catalog, { type: type === '' ? undefined : type, distribution }));
  }

  async getChildren(node?: ImageNode): Promise<ImageNode[]> {
    this.shown.asked();
    const children = await this.children(node);
    this.shown.answered(children.length);
    return children;
  }

  private async children(node?: ImageNode): Promise<ImageNode[]> {
    const kept = this.keptPaint?.children(node?.id ?? '');
    if (kept) {
      for (const c of kept) this.shown.remember(c.id, c);
      return kept;
    }
    try {
      const model = await this.load();
      if (model instanceof Error) {
        this.drawnModel = undefined;
        return node ? [] : [{ type: 'error', id: 'error', message: `Cannot read the catalog: ${model.message}` }];
      }
      const children = node ? await model.children(this.current(node)) : model.roots();
      this.given.set(node?.id ?? '', children);
      this.drawnModel = model;
      for (const c of children) this.shown.remember(c.id, c);
      this.keptPaint?.answeredFromCatalog(this.given, this.canKeep);
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
        // Drawn from the kept copy, the catalog is not opened for a description: its age is as of now.
        const model = this.keptPaint?.showing ? undefined : await this.load();
        item = new vscode.TreeItem(typeLabel(node.sourceType), C.Expanded);
        item.description = model instanceof ImageTreeModel ? model.describeType(node) : describeSourceType(node, Math.floor(Date.now() / 1000));
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
        item.command = { command: CommandIds.imageSourcesOpenDetails, title: vscode.l10n.t('Open Details'), arguments: [node] };
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
        item.command = { command: CommandIds.localImagesOpenDetails, title: vscode.l10n.t('Open Details'), arguments: [node] };
        break;
      case 'filter':
        item = new vscode.TreeItem(node.label, C.None);
        item.iconPath = new vscode.ThemeIcon('filter-filled');
        item.tooltip = 'Click to clear the filter';
        item.command = { command: viewQueryCommand(ViewQueryCommandIds.imageSources, 'clear'), title: vscode.l10n.t('Clear Filter') };
        break;
      case 'error':
        item = new vscode.TreeItem(node.message, C.None);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = node.message;
        item.command = { command: CommandIds.showLog, title: vscode.l10n.t('Show Log') };
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
