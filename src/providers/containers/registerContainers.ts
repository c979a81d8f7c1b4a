import * as vscode from 'vscode';
import { lazyCommand } from '../common/lazyCommand';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds, ViewIds } from '../platform/ids';
import { ContainerCommandContext, extensionEngineContext } from './commands/containerCommandContext';
import { ContainerTreeModel } from './containerTreeModel';
import { ViewQueryState } from '../platform/viewQuery/viewQueryState';
import { registerViewQuery } from '../platform/viewQuery/registerViewQuery';
import { ViewQueryCommandIds } from '../platform/ids';
import { CONTAINER_VIEW_SPEC } from '../../containers/containerViewSpec';
import { ContainerTreeProvider } from './containerTreeProvider';
import { keptPaintProbes } from '../platform/keptPaintProbes';
import { testProbe } from '../platform/testProbes';
import { catalogFile } from '../platform/catalogFile';
import { ContainerFileSystem, FILES_SCHEME } from './containerFileSystem';
import { INSPECT_SCHEME, InspectDocuments } from './inspectDocuments';
import { getEngine } from '../../containers/engineRegistry';

/** The Containers view and its commands. */
export function registerContainers(deps: ExtensionDeps): vscode.Disposable {
  const engineCtx = extensionEngineContext(deps);
  const model = new ContainerTreeModel(deps.catalog, engineCtx);
  const query = new ViewQueryState('containers', CONTAINER_VIEW_SPEC, deps.context.workspaceState, deps.log);
  model.query = query.query;
  const kept = { catalogFile: catalogFile(deps.context), view: 'containers', catalogOpen: () => deps.openedCatalog() !== undefined, gate: deps.firstPaint };
  const provider = new ContainerTreeProvider(ViewIds.containers, model, deps.catalog, engineCtx, kept);
  query.attach(provider.view);
  const ctx = new ContainerCommandContext(deps, provider, engineCtx);
  const inspectDocs = new InspectDocuments(async (engine, kind, name) => (await import('./commands/inspectObject.js')).inspectFetcher(ctx)(engine, kind, name));
  const command = (id: string, handler: (arg?: unknown) => unknown) => vscode.commands.registerCommand(id, handler);
  return vscode.Disposable.from(
    provider,
    query,
    query.onDidChange((q) => {
      model.query = q;
      provider.refresh(false);
    }),
    registerViewQuery({ state: query, rows: () => model.viewRows(), commandPrefix: ViewQueryCommandIds.containers, title: vscode.l10n.t('Containers'), log: deps.log }),
    // engines
    command(CommandIds.enginesConnect, lazyCommand(async () => (await import('./commands/connectEngine.js')).connectEngine(ctx))),
    command(CommandIds.enginesImportExisting, lazyCommand(async () => (await import('./commands/importExistingEngines.js')).importExistingEngines(ctx))),
    command(CommandIds.enginesDisconnect, lazyCommand(async () => (await import('./commands/disconnectEngine.js')).disconnectEngine(ctx))),
    command(CommandIds.enginesSync, lazyCommand(async () => (await import('./commands/syncEngine.js')).syncEngine(ctx))),
    command(CommandIds.containersRefresh, lazyCommand(async () => (await import('./commands/refreshContainers.js')).refreshContainers(ctx))),
    // lifecycle
    command(CommandIds.containersStart, lazyCommand(async () => (await import('./commands/changeContainerState.js')).changeContainerState(ctx, CommandIds.containersStart, 'start', false))),
    command(CommandIds.containersStop, lazyCommand(async () => (await import('./commands/changeContainerState.js')).changeContainerState(ctx, CommandIds.containersStop, 'stop', false))),
    command(CommandIds.containersForceStop, lazyCommand(async () => (await import('./commands/changeContainerState.js')).changeContainerState(ctx, CommandIds.containersForceStop, 'stop', true))),
    command(CommandIds.containersRestart, lazyCommand(async () => (await import('./commands/changeContainerState.js')).changeContainerState(ctx, CommandIds.containersRestart, 'restart', false))),
    command(CommandIds.containersDelete, lazyCommand(async () => (await import('./commands/deleteContainer.js')).deleteContainer(ctx))),
    command(CommandIds.containersCreate, lazyCommand(async () => (await import('./commands/createContainer.js')).createContainer(ctx))),
    command(CommandIds.containersRunRegistryTag, lazyCommand(async () => (await import('./commands/runRegistryTag.js')).runRegistryTag(ctx))),
    command(CommandIds.containersLaunchImageSource, lazyCommand(async () => (await import('./commands/launchImageSource.js')).launchImageSource(ctx))),
    command(CommandIds.engineImagesPull, lazyCommand(async () => (await import('./commands/pullRegistryTag.js')).pullRegistryTag(ctx))),
    command(CommandIds.localImagesImportToEngine, lazyCommand(async () => (await import('./commands/importLocalToEngine.js')).importLocalToEngine(ctx))),
    command(CommandIds.networksCreate, lazyCommand(async () => (await import('./commands/createNetwork.js')).createNetwork(ctx))),
    command(CommandIds.networksDelete, lazyCommand(async () => (await import('./commands/deleteNetwork.js')).deleteNetwork(ctx))),
    command(CommandIds.storageVolumesCreate, lazyCommand(async () => (await import('./commands/createVolume.js')).createVolume(ctx))),
    command(CommandIds.storageVolumesDelete, lazyCommand(async () => (await import('./commands/deleteVolume.js')).deleteVolume(ctx))),
    command(CommandIds.profilesCreate, lazyCommand(async () => (await import('./commands/createProfile.js')).createProfile(ctx))),
    command(CommandIds.profilesDelete, lazyCommand(async () => (await import('./commands/deleteProfile.js')).deleteProfile(ctx))),
    command(CommandIds.containersPublish, lazyCommand(async () => (await import('./commands/publishInstance.js')).publishInstance(ctx))),
    command(CommandIds.containersCopy, lazyCommand(async () => (await import('./commands/copyInstance.js')).copyInstance(ctx))),
    command(CommandIds.containersRename, lazyCommand(async () => (await import('./commands/renameInstance.js')).renameInstance(ctx))),
    command(CommandIds.containersMoveToMember, lazyCommand(async () => (await import('./commands/moveToMember.js')).moveToMember(ctx))),
    command(CommandIds.containersEvacuateMember, lazyCommand(async () => (await import('./commands/changeMemberState.js')).changeMemberState(ctx, 'evacuate'))),
    command(CommandIds.containersRestoreMember, lazyCommand(async () => (await import('./commands/changeMemberState.js')).changeMemberState(ctx, 'restore'))),
    command(CommandIds.engineImagesRemove, lazyCommand(async () => (await import('./commands/removeEngineImage.js')).removeEngineImage(ctx))),
    command(CommandIds.engineImagesCheckOutdated, lazyCommand(async () => (await import('./commands/checkEngineImages.js')).checkEngineImages(ctx))),
    command(CommandIds.engineImagesRepull, lazyCommand(async () => (await import('./commands/repullEngineImage.js')).repullEngineImage(ctx))),
    command(CommandIds.enginesPrune, lazyCommand(async () => (await import('./commands/pruneEngine.js')).pruneEngine(ctx))),
    command(CommandIds.snapshotsCreate, lazyCommand(async () => (await import('./commands/createSnapshot.js')).createSnapshot(ctx))),
    command(CommandIds.snapshotsRestore, lazyCommand(async () => (await import('./commands/restoreSnapshot.js')).restoreSnapshot(ctx))),
    command(CommandIds.snapshotsDelete, lazyCommand(async () => (await import('./commands/deleteSnapshot.js')).deleteSnapshot(ctx))),
    // edits
    command(CommandIds.containersAddProfile, lazyCommand(async () => (await import('./commands/addProfile.js')).addProfile(ctx))),
    command(CommandIds.containersRemoveProfile, lazyCommand(async () => (await import('./commands/removeProfile.js')).removeProfile(ctx))),
    command(CommandIds.containersSetConfig, lazyCommand(async () => (await import('./commands/setConfig.js')).setConfig(ctx))),
    command(CommandIds.containersUnsetConfig, lazyCommand(async () => (await import('./commands/unsetConfig.js')).unsetConfig(ctx))),
    command(CommandIds.containersAddDevice, lazyCommand(async () => (await import('./commands/addDevice.js')).addDevice(ctx))),
    command(CommandIds.containersRemoveDevice, lazyCommand(async () => (await import('./commands/removeDevice.js')).removeDevice(ctx))),
    // inspect, YAML, drafts
    command(CommandIds.containersShowEffectiveConfig, lazyCommand(async () => (await import('./commands/showEffectiveConfig.js')).showEffectiveConfig(ctx))),
    command(CommandIds.containersFindUsing, lazyCommand(async () => (await import('./commands/findContainersUsing.js')).findContainersUsing(ctx))),
    command(CommandIds.containersExportYaml, lazyCommand(async () => (await import('./commands/exportContainerYaml.js')).exportContainerYaml(ctx))),
    command(CommandIds.profilesExportYaml, lazyCommand(async () => (await import('./commands/exportProfileYaml.js')).exportProfileYaml(ctx))),
    command(CommandIds.profilesImportYaml, lazyCommand(async () => (await import('./commands/importProfileYaml.js')).importProfileYaml(ctx))),
    command(CommandIds.containersImportYaml, lazyCommand(async () => (await import('./commands/importContainerYaml.js')).importContainerYaml(ctx))),
    command(CommandIds.containersApplyToEngine, lazyCommand(async () => (await import('./commands/applyContainerToEngine.js')).applyContainerToEngine(ctx))),
    command(CommandIds.profilesApplyToEngine, lazyCommand(async () => (await import('./commands/applyProfileToEngine.js')).applyProfileToEngine(ctx))),
    // inside a container
    command(CommandIds.containersOpenShell, lazyCommand(async () => (await import('./commands/openShell.js')).openShell(ctx))),
    command(CommandIds.containersShowLogs, lazyCommand(async () => (await import('./commands/showLogs.js')).showLogs(ctx))),
    inspectDocs,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectDocs),
    command(CommandIds.containersInspect, lazyCommand(async () => (await import('./commands/inspectObject.js')).inspectObject(ctx, inspectDocs))),
    vscode.workspace.registerFileSystemProvider(
      FILES_SCHEME,
      new ContainerFileSystem(async (engine) => (await import('../../containers/engineConnection.js')).openEngine(await getEngine(await deps.catalog(), engine), engineCtx)),
      { isCaseSensitive: true },
    ),
    command(CommandIds.containersOpenFile, lazyCommand(async () => (await import('./commands/openContainerFile.js')).openContainerFile(ctx))),
    command(CommandIds.containerFilesDownload, lazyCommand(async () => (await import('./commands/downloadContainerFile.js')).downloadContainerFile(ctx))),
    command(CommandIds.containerFilesUpload, lazyCommand(async () => (await import('./commands/uploadContainerFile.js')).uploadContainerFile(ctx))),
    command(CommandIds.containerFilesCreateFile, lazyCommand(async () => (await import('./commands/createContainerFile.js')).createContainerFile(ctx, CommandIds.containerFilesCreateFile, 'file'))),
    command(CommandIds.containerFilesCreateFolder, lazyCommand(async () => (await import('./commands/createContainerFile.js')).createContainerFile(ctx, CommandIds.containerFilesCreateFolder, 'folder'))),
    command(CommandIds.containerFilesDelete, lazyCommand(async () => (await import('./commands/deleteContainerFile.js')).deleteContainerFile(ctx))),
    command(CommandIds.containerFilesRename, lazyCommand(async () => (await import('./commands/renameContainerFile.js')).renameContainerFile(ctx))),
    testProbe(CommandIds.containersViewInfo, () => provider.roots),
    keptPaintProbes({ redraws: CommandIds.containersRedraws, replay: CommandIds.containersReplayFirstPaint }, provider),
    testProbe(CommandIds.containersEventInfo, () => provider.eventInfo()),
  );
}
