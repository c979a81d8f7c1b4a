/** A view's first paint: from it becoming visible (or a node's expand being asked) to the last answer. */
export interface PaintFigure {
  readonly ms: number;
  /** getChildren answers VS Code got, and the elements they held. */
  readonly calls: number;
  readonly nodes: number;
}

/** What the code-server bench (bench/host/index.ts) measured; what it could not is named in `skipped`. */
export interface HostBenchFigures {
  vscode: string;
  skipped: string[];
  /** require() of dist/extension.js, and the activate() call after it. */
  loadMs?: number;
  activateMs?: number;
  /** Whether the core bundle (dist/core.js, TypeORM and the engine clients) was loaded once activate() returned. */
  coreLoadedByActivation?: boolean;
  /** CPU-profile time inside our activate() function (sampled every 0.5 ms). */
  activateOwnMs?: number;
  firstPaint?: Record<'registries' | 'imageSources' | 'containers', PaintFigure>;
  /** The Containers view drawn from the copy the previous window kept, while the catalog opened (its last answer from it). */
  keptPaint?: { containers: PaintFigure };
  registryExpand?: PaintFigure;
  rssOpenMb?: number;
  events?: { fromEventMs: number[]; fromCliReturnMs: number[] };
  /** Whole extension host, then (`own…`) the part in our bundles' code, from a sampled second window. */
  idle?: { seconds: number; cpuPercentOfCore: number; engines: number; ownSeconds?: number; ownPercentOfCore?: number; viewsHiddenPercentOfCore?: number };
  rssIdleClosedMb?: number;
  reopenMs?: number;
  error?: string;
}
