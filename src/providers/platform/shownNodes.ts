import type * as vscode from 'vscode';

/**
 * The tree elements VS Code was given, by change key, and fresher data for those redrawn alone.
 * VS Code refreshes one element only when it is fired with the very object it holds, and then asks
 * `getTreeItem` about that old object; so a provider fires the shown object and describes `current`.
 * Tree nodes stay plain data: nothing here mutates them.
 */
export class ShownNodes<T extends { readonly id: string }> {
  private readonly byKey = new Map<string, T>();
  private readonly latest = new Map<string, T>();
  /** How the view redrew after catalog changes: all of it, or single nodes (tests read it). */
  readonly redraws = { full: 0, node: 0 };
  /**
   * When the view last became visible, when VS Code first and last asked for children, when they were handed
   * over and when a node was last redrawn alone (performance.now() of the extension host; `npm run bench`
   * reads it for first paint and event latency).
   */
  readonly paint = { asks: 0, answers: 0, nodes: 0, visibleAt: 0, firstAskedAt: 0, askedAt: 0, answeredAt: 0, nodeRedrawnAt: 0, recent: [] as { at: number; nodes: number }[] };

  /** Records when `view` becomes visible: where a first paint starts for the user. */
  watch(view: vscode.TreeView<unknown>): vscode.Disposable {
    if (view.visible) this.paint.visibleAt = performance.now();
    return view.onDidChangeVisibility((e) => {
      if (e.visible) this.paint.visibleAt = performance.now();
    });
  }

  /** A getChildren call began. */
  asked(): void {
    this.paint.asks++;
    this.paint.askedAt = performance.now();
    if (this.paint.firstAskedAt === 0) this.paint.firstAskedAt = this.paint.askedAt;
  }

  /** A getChildren call handed `count` elements to VS Code. */
  answered(count: number): void {
    this.paint.answers++;
    this.paint.nodes += count;
    this.paint.answeredAt = performance.now();
    // The last few answers, so a reader can tell a first paint from the redraw that followed it.
    this.paint.recent.push({ at: this.paint.answeredAt, nodes: count });
    if (this.paint.recent.length > 8) this.paint.recent.shift();
  }

  /** Records an element handed to VS Code (from getChildren); it carries fresh data, so its overlay goes. */
  remember(key: string, node: T): void {
    this.byKey.set(key, node);
    this.latest.delete(node.id);
  }

  /** The element VS Code holds for a change key, if it was shown. */
  shown(key: string): T | undefined {
    return this.byKey.get(key);
  }

  /** What to show for an element VS Code holds: the fresher data when it was redrawn alone. */
  current(node: T): T {
    return this.latest.get(node.id) ?? node;
  }

  /** `node` (as VS Code holds it) is redrawn alone with `fresh`. */
  redrawNode(node: T, fresh: T): void {
    this.latest.set(node.id, fresh);
    this.redraws.node++;
    this.paint.nodeRedrawnAt = performance.now();
  }

  /** The whole view is redrawn: VS Code drops the elements it held and asks for them again. */
  redrawAll(): void {
    this.byKey.clear();
    this.latest.clear();
    this.redraws.full++;
  }
}
