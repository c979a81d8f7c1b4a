import type { KeptView } from '../../store/keptView';
import { readKeptView, writeKeptView } from '../../store/keptView';
import type { FirstPaintGate } from './firstPaintGate';
import { coreLoaded } from './loadCore';

/** The view is kept for the next window's first paint this long after its last answer from the catalog. */
const KEEP_AFTER_MS = 2000;
/** How long the catalog's redraw waits for VS Code to ask for the kept children of the expanded rows. */
const KEPT_EXPAND_WAIT_MS = 1000;

/** Where a view is kept for the next window (src/store/keptView.ts), and whether the catalog is open yet. */
export interface KeptViewPlace {
  readonly catalogFile: string;
  readonly view: string;
  readonly catalogOpen: () => boolean;
  /** Shared by the views of one window: the catalog opens once every visible view has painted. */
  readonly gate: FirstPaintGate;
}

/** What one view keeps of itself, and how its nodes come back. */
export interface KeptViewCodec<T> {
  /** The view's filter, sort and grouping as one string: a copy kept under another is not drawn. */
  queryKey(): string;
  /** The children to keep, by parent id ('' for the top level), from those VS Code was given; undefined keeps nothing. */
  keep(given: ReadonlyMap<string, readonly T[]>): Record<string, T[]> | undefined;
  /** A kept node as the view's code expects it (JSON turned its dates into strings). */
  revive(node: T): T;
}

/** The stats of a view that keeps nothing (tests of a view alone). */
export const NOTHING_KEPT: KeptFirstPaint<never>['stats'] = Object.freeze({ answers: 0, catalogAnswers: 0, written: 0, answeredAt: 0, coreLoadedAtAnswer: false });

/**
 * What most views keep: the top level and the children of the top-level rows VS Code asked for (the rows it
 * shows expanded), each list as `keptList` keeps it (undefined: that list cannot be kept). Undefined when the
 * top level cannot be kept.
 */
export function keptTopAndExpanded<T extends { readonly id: string }>(
  given: ReadonlyMap<string, readonly T[]>,
  current: (node: T) => T,
  keptList: (nodes: readonly T[]) => T[] | undefined,
): Record<string, T[]> | undefined {
  const roots = given.get('');
  const top = roots && keptList(roots.map(current));
  if (!top) return undefined;
  const out: Record<string, T[]> = { '': top };
  for (const r of top) {
    const children = given.get(r.id);
    const kept = children && keptList(children.map(current));
    if (kept) out[r.id] = kept;
  }
  return out;
}

/**
 * A view's first paint from the copy the last window kept of it, while the catalog opens; then one redraw
 * from the catalog (the nodes' ids are the same, so expansion and selection stay); and keeping the view
 * again, a moment after its answers from the catalog settle. Each tree provider owns one.
 */
export class KeptFirstPaint<T extends { readonly id: string }> {
  /** What the last window kept, read once at the first paint; null until then; undefined once the catalog draws. */
  private kept: KeptView<T> | undefined | null = null;
  /** Parent ids answered from the kept copy, and who waits for the expanded ones. */
  private readonly asked = new Set<string>();
  private waiter: (() => void) | undefined;
  /** Set by replay (host tests): the catalog counts as still opening until it resolves. */
  private heldOpen: Promise<void> | undefined;
  private keepTimer: ReturnType<typeof setTimeout> | undefined;
  private painted = false;
  /** Answers drawn from the kept copy and from the catalog, and copies kept (tests and the benchmark read them). */
  readonly stats = { answers: 0, catalogAnswers: 0, written: 0, answeredAt: 0, coreLoadedAtAnswer: false };

  constructor(
    private readonly place: KeptViewPlace,
    private readonly codec: KeptViewCodec<T>,
    /** Opens the catalog (the view's own accessor). */
    private readonly catalog: () => Promise<unknown>,
    /** Redraws the whole view from the catalog. */
    private readonly redraw: () => void,
  ) {}

  /** Whether the view shows the kept copy now (its catalog redraw is on its way). */
  get showing(): boolean {
    return !!this.kept;
  }

  /**
   * The kept children of `parentId` while the catalog opens (the same query, the same catalog file);
   * undefined: draw from the catalog.
   */
  children(parentId: string): T[] | undefined {
    if (this.kept === undefined) return undefined;
    if (this.kept === null) {
      if (this.place.catalogOpen() && !this.heldOpen) {
        this.kept = undefined;
        return undefined;
      }
      const kept = readKeptView<T>(this.place.catalogFile, this.place.view);
      this.kept = kept && kept.query === this.codec.queryKey() ? kept : undefined;
      if (!this.kept) return undefined;
      this.asked.clear();
      const redraw = (): void => {
        this.kept = undefined;
        this.redraw();
      };
      // The catalog opens only once every visible view has painted (on error the redraw shows the error node).
      void this.paintDone()
        .then(() => this.markPainted())
        .then(() => this.place.gate.whenPainted())
        .then(() => Promise.all([this.catalog(), this.heldOpen]))
        .then(redraw, redraw);
    }
    // The view's query changed meanwhile: the copy is not of this view any more.
    if (this.kept.query !== this.codec.queryKey()) {
      this.kept = undefined;
      return undefined;
    }
    const children = this.kept.children[parentId];
    if (!children) return undefined;
    this.asked.add(parentId);
    this.waiter?.();
    this.stats.answers++;
    this.stats.answeredAt = performance.now();
    this.stats.coreLoadedAtAnswer = coreLoaded();
    return children.map((n) => this.codec.revive(n));
  }

  /** The view answered from the catalog: its first paint is done, and it is kept again a moment later. */
  answeredFromCatalog(given: ReadonlyMap<string, readonly T[]>, canKeep: () => boolean | Promise<boolean>): void {
    this.stats.catalogAnswers++;
    this.markPainted();
    this.keepLater(given, canKeep);
  }

  private markPainted(): void {
    if (this.painted) return;
    this.painted = true;
    this.place.gate.paintedView(this.place.view);
  }

  /**
   * Keeps the view for the next window once answers from the catalog have settled (never on the hot path).
   * `canKeep` is asked then: what is kept must be what the view shows of the file as it is now.
   */
  keepLater(given: ReadonlyMap<string, readonly T[]>, canKeep: () => boolean | Promise<boolean>): void {
    if (this.keepTimer) clearTimeout(this.keepTimer);
    this.keepTimer = setTimeout(async () => {
      this.keepTimer = undefined;
      // Not while the view still shows the last window's copy (the catalog's redraw is on its way).
      if (!(await canKeep()) || this.keepTimer || this.kept) return;
      const children = this.codec.keep(given);
      if (!children) return;
      void writeKeptView(this.place.catalogFile, this.place.view, { query: this.codec.queryKey(), children }).then((ok) => ok && this.stats.written++);
    }, KEEP_AFTER_MS);
    this.keepTimer.unref?.();
  }

  /**
   * Host tests only (a probe): the next paint is drawn as a new window's first paint would be, from the kept
   * copy, as if the catalog were still opening until `release` resolves; then from the catalog.
   */
  replay(release: Promise<void>): void {
    this.heldOpen = release.finally(() => (this.heldOpen = undefined));
    this.kept = null;
    this.redraw();
  }

  dispose(): void {
    if (this.keepTimer) clearTimeout(this.keepTimer);
  }

  /**
   * Resolves once VS Code has asked for the kept children of every kept top-level row (the rows it shows
   * expanded ask right after the top level arrives), or after KEPT_EXPAND_WAIT_MS: the catalog's redraw then
   * replaces a whole first paint, rather than racing the expanded rows' request (which would then wait for
   * the catalog).
   */
  private paintDone(): Promise<void> {
    const pendingParents = (): boolean => {
      const kept = this.kept;
      if (!kept || !this.asked.has('')) return true;
      return (kept.children[''] ?? []).some((n) => kept.children[n.id] !== undefined && !this.asked.has(n.id));
    };
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        // A later task: the answer that completed the paint reaches VS Code first.
        setTimeout(resolve, 0);
      };
      const timer = setTimeout(done, KEPT_EXPAND_WAIT_MS);
      this.waiter = () => {
        if (!pendingParents()) done();
      };
    });
  }
}
