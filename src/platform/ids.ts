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
  // registries
  registriesAdd: 'containerCatalog.registries.add',
  registriesEdit: 'containerCatalog.registries.edit',
  registriesRemove: 'containerCatalog.registries.remove',
  registriesLogin: 'containerCatalog.registries.login',
  registriesLogout: 'containerCatalog.registries.logout',
  registriesVerify: 'containerCatalog.registries.verify',
  registriesTrack: 'containerCatalog.registries.track',
  registriesUntrack: 'containerCatalog.registries.untrack',
  registriesRefresh: 'containerCatalog.registries.refresh',
  registriesCopyReference: 'containerCatalog.registries.copyReference',
  registriesCopyDigestReference: 'containerCatalog.registries.copyDigestReference',
  registriesImportLogins: 'containerCatalog.registries.importLogins',
  /** Internal: the "Load more…" node's click. */
  registriesLoadMore: 'containerCatalog.registries.loadMore',
  /** Internal: the Registries tree's nodes as data, for the integration tests. */
  registriesTreeSnapshot: 'containerCatalog.registries.treeSnapshot',
} as const;

/**
 * Commands registered in code but deliberately not contributed in package.json (called only from
 * other commands, tree items or webviews). The contributed == registered test accepts these.
 */
export const INTERNAL_COMMAND_IDS: readonly string[] = [
  // panels
  CommandIds.panelsInfo,
  // registries
  CommandIds.registriesLoadMore,
  CommandIds.registriesTreeSnapshot,
];

/** Context keys set with `setContext` and used in package.json `when` clauses. */
export const ContextKeys = {} as const;
