// Every command id, view id and context key of the extension, in one place. package.json must agree
// (test/integration/commands.test.ts checks contributed == registered). Each capability keeps its
// own group; add to yours, don't reorder others'.

export const EXTENSION_ID = 'container-catalog.container-catalog';

/** The activity-bar container holding the three views. */
export const VIEW_CONTAINER_ID = 'containerCatalog';

export const ViewIds = {
  registries: 'containerCatalog.registries',
  imageSources: 'containerCatalog.imageSources',
  containers: 'containerCatalog.containers',
} as const;

export const CommandIds = {
  // platform
  showLog: 'containerCatalog.log.show',
  // panels
  registriesOpenDetails: 'containerCatalog.registries.openDetails',
  /** Internal: open panels and their message counters, for the integration tests. */
  panelsInfo: 'containerCatalog.panels.info',
} as const;

/**
 * Commands registered in code but deliberately not contributed in package.json (called only from
 * other commands, tree items or webviews). The contributed == registered test accepts these.
 */
export const INTERNAL_COMMAND_IDS: readonly string[] = [
  // panels
  CommandIds.panelsInfo,
];

/** Context keys set with `setContext` and used in package.json `when` clauses. */
export const ContextKeys = {} as const;
