/** A view's first paint: from it becoming visible (or a node's expand being asked) to the last answer. */
export interface PaintFigure {
  readonly ms: number;
  /** getChildren answers VS Code got, and the elements they held. */
  readonly calls: number;
  readonly nodes: number;
  /**
   * From the view's own "became visible" event (TreeView.onDidChangeVisibility, sent by the window once it has
   * laid the view out) to the same last answer; and when VS Code first asked for its children, after the command.
   */
  readonly fromVisibleMs?: number;
  readonly firstAskMs?: number;
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
  /** Our activate() function's own wall time, measured inside it (it is synchronous). */
  activateCallMs?: number;
  firstPaint?: Record<'registries' | 'imageSources' | 'containers', PaintFigure>;
  /** Views drawn from the copies the previous window kept, while the catalog opened (their last answer from them). */
  keptPaint?: Partial<Record<'registries' | 'imageSources' | 'containers', PaintFigure>>;
  /** What loading dist/core.js found of its code cache in this window (src/providers/platform/coreCodeCache.ts). */
  coreCodeCache?: string;
  /** Whether dist/core.js was loaded when a view handed over its last answer from its kept copy. */
  coreLoadedByKeptPaint?: boolean;
  registryExpand?: PaintFigure;
  /** The expand's first answer: the stored listing, drawn before the registry is asked again. */
  registryExpandFirst?: PaintFigure;
  rssOpenMb?: number;
  events?: { fromEventMs: number[]; fromCliReturnMs: number[] };
  /** Whole extension host, then (`own…`) the part in our bundles' code, from a sampled second window. */
  idle?: {
    seconds: number; cpuPercentOfCore: number; engines: number; ownSeconds?: number; ownPercentOfCore?: number; viewsHiddenPercentOfCore?: number;
    /** CPU ms of the host's main thread and of its other threads together, in each window. */
    threadsMs?: Record<string, number>; viewsHiddenThreadsMs?: Record<string, number>;
    /** The same CPU as user and kernel time. */
    userMs?: number; systemMs?: number; viewsHiddenUserMs?: number; viewsHiddenSystemMs?: number;
    /** Catalog writes during the views-open window (the window starts after 10 s without one). */
    catalogWrites?: number;
    /** The sampled window: the process's CPU over it, and the share of samples that were not idle. */
    sampledWindowCpuPercent?: number; sampledBusyPercent?: number;
    /** Voluntary context switches of the process (its threads waking up) in each window. */
    wakeups?: number; viewsHiddenWakeups?: number; noEventsWakeups?: number;
    /** Views open again with engine event following off (polling every 10 s instead). */
    noEventsPercentOfCore?: number;
  };
  rssIdleClosedMb?: number;
  reopenMs?: number;
  error?: string;
}
