import type * as vscode from 'vscode';

/** A view that never asks (collapsed meanwhile, or hidden again) holds the others back no longer than this. */
const MAX_WAIT_MS = 1500;
/**
 * The gate opens only after this long without a view becoming visible or painting: at a window's start VS Code
 * asked one view for its children 20 ms before it sent any view's visibility (host bench, 2026-12-06), so a
 * view painted from its kept copy must not open the gate before the others are known to be visible.
 */
const QUIET_MS = 100;

/**
 * Holds back the views' background work that opens the catalog (the redraw after a kept first paint, event
 * following, the look at engines on becoming visible) until every view of ours that is visible has handed
 * VS Code its first paint. Opening the catalog keeps the extension host's one thread busy for most of a
 * second (reading a large file, loading the core bundle and sql.js); started at the first view's visibility
 * event, it made the other views' kept answers wait behind it (host bench profile, 2026-12-06).
 * A view's getChildren that has nothing kept still opens the catalog at once: it needs it.
 */
export class FirstPaintGate {
  private readonly waiting = new Set<string>();
  private readonly painted = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private lastChange = -Infinity;
  private quietTimer: ReturnType<typeof setTimeout> | undefined;

  /** Follows `view`: while it is visible and has not painted, the gate is closed. */
  track(id: string, view: vscode.TreeView<unknown>): vscode.Disposable {
    const seen = (visible: boolean): void => {
      this.lastChange = performance.now();
      if (visible && !this.painted.has(id)) this.waiting.add(id);
      else if (!visible) this.waiting.delete(id);
      this.check();
    };
    seen(view.visible);
    return view.onDidChangeVisibility((e) => seen(e.visible));
  }

  /** `id` has handed VS Code its first paint (from a kept copy or from the catalog). */
  paintedView(id: string): void {
    this.lastChange = performance.now();
    this.painted.add(id);
    this.waiting.delete(id);
    this.check();
  }

  /**
   * Resolves once no visible view waits for its first paint and none changed for QUIET_MS (so VS Code has the
   * last answer before the work this holds back starts), or after MAX_WAIT_MS.
   */
  whenPainted(): Promise<void> {
    if (this.isOpen()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, MAX_WAIT_MS);
      const waiters = this.waiters;
      function done(): void {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
      waiters.add(done);
      this.check();
    });
  }

  private isOpen(): boolean {
    return this.waiting.size === 0 && performance.now() - this.lastChange >= QUIET_MS;
  }

  private check(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
    if (this.waiters.size === 0 || this.waiting.size > 0) return;
    if (this.isOpen()) {
      for (const done of [...this.waiters]) done();
      return;
    }
    this.quietTimer = setTimeout(() => this.check(), Math.max(1, QUIET_MS - (performance.now() - this.lastChange)));
  }
}
