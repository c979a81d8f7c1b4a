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

/** The shared filter/sort/group commands of each view (src/providers/platform/viewQuery): `<prefix>.<verb>View`. */
export const ViewQueryCommandIds = {
  registries: 'containerCatalog.registries',
  imageSources: 'containerCatalog.imageSources',
  containers: 'containerCatalog.containers',
} as const;
export const viewQueryCommand = (prefix: string, verb: 'filter' | 'sort' | 'group' | 'clear'): string => `${prefix}.${verb}View`;

export const CommandIds = {
  // platform
  showLog: 'containerCatalog.log.show',
  // the catalog file
  catalogRevert: 'containerCatalog.catalog.revert',
  /** Internal: whether the catalog is closed for idleness and how often it was, for the integration tests. */
  catalogIdleInfo: 'containerCatalog.catalog.idleInfo',
  /** Internal: how long our activate() took, for the benchmark. */
  activationInfo: 'containerCatalog.activationInfo',
  // panels
  registriesOpenDetails: 'containerCatalog.registries.openDetails',
  containersOpenDetails: 'containerCatalog.containers.openDetails',
  networksOpenDetails: 'containerCatalog.networks.openDetails',
  imageSourcesOpenDetails: 'containerCatalog.imageSources.openDetails',
  localImagesOpenDetails: 'containerCatalog.localImages.openDetails',
  profilesOpenDetails: 'containerCatalog.profiles.openDetails',
  storagePoolsOpenDetails: 'containerCatalog.storagePools.openDetails',
  storageVolumesOpenDetails: 'containerCatalog.storageVolumes.openDetails',
  /** The Launch panel of an image-source row or a registry tag. */
  containersOpenLaunchPanel: 'containerCatalog.containers.openLaunchPanel',
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
  registriesImportContainerKit: 'containerCatalog.registries.importContainerKit',
  registriesFindContainerKit: 'containerCatalog.registries.findContainerKit',
  /** Internal: the "Load more…" node's click. */
  registriesLoadMore: 'containerCatalog.registries.loadMore',
  /** Internal: the Registries tree's nodes as data, for the integration tests. */
  registriesTreeSnapshot: 'containerCatalog.registries.treeSnapshot',
  // containers
  enginesConnect: 'containerCatalog.engines.connect',
  enginesImportExisting: 'containerCatalog.engines.importExisting',
  enginesDisconnect: 'containerCatalog.engines.disconnect',
  enginesSync: 'containerCatalog.engines.sync',
  containersRefresh: 'containerCatalog.containers.refresh',
  containersStart: 'containerCatalog.containers.start',
  containersStop: 'containerCatalog.containers.stop',
  containersForceStop: 'containerCatalog.containers.forceStop',
  containersRestart: 'containerCatalog.containers.restart',
  containersDelete: 'containerCatalog.containers.delete',
  containersCreate: 'containerCatalog.containers.create',
  containersRunRegistryTag: 'containerCatalog.containers.runRegistryTag',
  containersLaunchImageSource: 'containerCatalog.containers.launchImageSource',
  engineImagesPull: 'containerCatalog.engineImages.pull',
  localImagesImportToEngine: 'containerCatalog.localImages.importToEngine',
  networksCreate: 'containerCatalog.networks.create',
  networksDelete: 'containerCatalog.networks.delete',
  storageVolumesCreate: 'containerCatalog.storageVolumes.create',
  storageVolumesDelete: 'containerCatalog.storageVolumes.delete',
  profilesCreate: 'containerCatalog.profiles.create',
  profilesDelete: 'containerCatalog.profiles.delete',
  containersPublish: 'containerCatalog.containers.publish',
  containersCopy: 'containerCatalog.containers.copy',
  containersRename: 'containerCatalog.containers.rename',
  containersMoveToMember: 'containerCatalog.containers.moveToMember',
  containersEvacuateMember: 'containerCatalog.containers.evacuateMember',
  containersRestoreMember: 'containerCatalog.containers.restoreMember',
  engineImagesRemove: 'containerCatalog.engineImages.remove',
  engineImagesCheckOutdated: 'containerCatalog.engineImages.checkOutdated',
  engineImagesRepull: 'containerCatalog.engineImages.repull',
  enginesPrune: 'containerCatalog.engines.prune',
  snapshotsCreate: 'containerCatalog.snapshots.create',
  snapshotsRestore: 'containerCatalog.snapshots.restore',
  snapshotsDelete: 'containerCatalog.snapshots.delete',
  containersAddProfile: 'containerCatalog.containers.addProfile',
  containersRemoveProfile: 'containerCatalog.containers.removeProfile',
  containersSetConfig: 'containerCatalog.containers.setConfig',
  containersUnsetConfig: 'containerCatalog.containers.unsetConfig',
  containersAddDevice: 'containerCatalog.containers.addDevice',
  containersRemoveDevice: 'containerCatalog.containers.removeDevice',
  containersShowEffectiveConfig: 'containerCatalog.containers.showEffectiveConfig',
  containersFindUsing: 'containerCatalog.containers.findUsing',
  containersExportYaml: 'containerCatalog.containers.exportYaml',
  profilesExportYaml: 'containerCatalog.profiles.exportYaml',
  profilesImportYaml: 'containerCatalog.profiles.importYaml',
  profilesApplyToEngine: 'containerCatalog.profiles.applyToEngine',
  containersImportYaml: 'containerCatalog.containers.importYaml',
  containersApplyToEngine: 'containerCatalog.containers.applyToEngine',
  containersOpenShell: 'containerCatalog.containers.openShell',
  containersShowLogs: 'containerCatalog.containers.showLogs',
  containersInspect: 'containerCatalog.containers.inspect',
  containersOpenFile: 'containerCatalog.containers.openFile',
  containerFilesDownload: 'containerCatalog.containerFiles.download',
  containerFilesUpload: 'containerCatalog.containerFiles.upload',
  containerFilesCreateFile: 'containerCatalog.containerFiles.createFile',
  containerFilesCreateFolder: 'containerCatalog.containerFiles.createFolder',
  containerFilesDelete: 'containerCatalog.containerFiles.delete',
  containerFilesRename: 'containerCatalog.containerFiles.rename',
  /** Internal: the Containers view's top-level nodes, for the integration tests. */
  containersViewInfo: 'containerCatalog.containers.viewInfo',
  /** Internal: how often the Containers view redrew whole or one node after catalog changes, for the integration tests. */
  containersRedraws: 'containerCatalog.containers.redraws',
  /** Internal: the Containers view's polls and each followed engine's event counts, for the integration tests. */
  containersEventInfo: 'containerCatalog.containers.eventInfo',
  /** Internal: draws the Containers view again from its kept copy while the catalog counts as opening, until released, for the integration tests. */
  containersReplayFirstPaint: 'containerCatalog.containers.replayFirstPaint',
  /** Internal: the same for the Registries view. */
  registriesRedraws: 'containerCatalog.registries.redraws',
  registriesReplayFirstPaint: 'containerCatalog.registries.replayFirstPaint',
  /** Internal: the same for the Image Sources view. */
  imageSourcesRedraws: 'containerCatalog.imageSources.redraws',
  imageSourcesReplayFirstPaint: 'containerCatalog.imageSources.replayFirstPaint',
} as const;

export const ImageCommandIds = {
  // images (src/images/)
  addSimplestreams: 'containerCatalog.imageSources.addSimplestreams',
  removeSimplestreams: 'containerCatalog.imageSources.removeSimplestreams',
  addUri: 'containerCatalog.imageSources.addUri',
  addRegistryImage: 'containerCatalog.imageSources.addRegistryImage',
  refresh: 'containerCatalog.imageSources.refresh',
  refreshForced: 'containerCatalog.imageSources.refreshForced',
  download: 'containerCatalog.imageSources.download',
  cancelDownload: 'containerCatalog.imageSources.cancelDownload',
  checkOutdated: 'containerCatalog.imageSources.checkOutdated',
  filter: 'containerCatalog.imageSources.filter',
  clearFilter: 'containerCatalog.imageSources.clearFilter',
  deleteSource: 'containerCatalog.imageSources.deleteSource',
  deleteLocal: 'containerCatalog.localImages.delete',
  importTarball: 'containerCatalog.localImages.importTarball',
  importLegacyFolder: 'containerCatalog.localImages.importLegacyFolder',
  importWslManager: 'containerCatalog.localImages.importWslManager',
  findWslManager: 'containerCatalog.localImages.findWslManager',
} as const;

/**
 * Commands registered in code but deliberately not contributed in package.json (called only from
 * other commands, tree items or webviews). The contributed == registered test accepts these.
 */
export const INTERNAL_COMMAND_IDS: readonly string[] = [CommandIds.registriesLoadMore];

/**
 * Commands only the tests call (platform/testProbes.ts): registered in development and test builds, absent
 * from the release bundle the VSIX ships (the installed-VSIX suite checks that).
 */
export const TEST_PROBE_COMMAND_IDS: readonly string[] = [
  CommandIds.catalogIdleInfo,
  CommandIds.activationInfo,
  CommandIds.panelsInfo,
  CommandIds.registriesTreeSnapshot,
  CommandIds.containersViewInfo,
  CommandIds.containersRedraws,
  CommandIds.containersEventInfo,
  CommandIds.containersReplayFirstPaint,
  CommandIds.registriesRedraws,
  CommandIds.registriesReplayFirstPaint,
  CommandIds.imageSourcesRedraws,
  CommandIds.imageSourcesReplayFirstPaint,
];

/** Context keys set with `setContext` and used in package.json `when` clauses. */
export const ContextKeys = {} as const;
