import * as vscode from 'vscode';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds, ViewIds } from '../platform/ids';
import { addDevice } from './commands/addDevice';
import { addProfile } from './commands/addProfile';
import { applyContainerToEngine } from './commands/applyContainerToEngine';
import { applyProfileToEngine } from './commands/applyProfileToEngine';
import { changeContainerState } from './commands/changeContainerState';
import { importExistingEngines } from './commands/importExistingEngines';
import { connectEngine } from './commands/connectEngine';
import { ContainerCommandContext, extensionEngineContext } from './commands/containerCommandContext';
import { createContainer } from './commands/createContainer';
import { createSnapshot } from './commands/createSnapshot';
import { deleteContainer } from './commands/deleteContainer';
import { deleteSnapshot } from './commands/deleteSnapshot';
import { disconnectEngine } from './commands/disconnectEngine';
import { exportContainerYaml } from './commands/exportContainerYaml';
import { exportProfileYaml } from './commands/exportProfileYaml';
import { findContainersUsing } from './commands/findContainersUsing';
import { importContainerYaml } from './commands/importContainerYaml';
import { importProfileYaml } from './commands/importProfileYaml';
import { inspectFetcher, inspectObject } from './commands/inspectObject';
import { openContainerFile } from './commands/openContainerFile';
import { openShell } from './commands/openShell';
import { createContainerFile } from './commands/createContainerFile';
import { deleteContainerFile } from './commands/deleteContainerFile';
import { downloadContainerFile } from './commands/downloadContainerFile';
import { renameContainerFile } from './commands/renameContainerFile';
import { uploadContainerFile } from './commands/uploadContainerFile';
import { refreshContainers } from './commands/refreshContainers';
import { removeDevice } from './commands/removeDevice';
import { removeProfile } from './commands/removeProfile';
import { restoreSnapshot } from './commands/restoreSnapshot';
import { importLocalToEngine } from './commands/importLocalToEngine';
import { createNetwork } from './commands/createNetwork';
import { deleteNetwork } from './commands/deleteNetwork';
import { createVolume } from './commands/createVolume';
import { deleteVolume } from './commands/deleteVolume';
import { createProfile } from './commands/createProfile';
import { deleteProfile } from './commands/deleteProfile';
import { publishInstance } from './commands/publishInstance';
import { copyInstance } from './commands/copyInstance';
import { moveToMember } from './commands/moveToMember';
import { changeMemberState } from './commands/changeMemberState';
import { renameInstance } from './commands/renameInstance';
import { launchImageSource } from './commands/launchImageSource';
import { pruneEngine } from './commands/pruneEngine';
import { pullRegistryTag } from './commands/pullRegistryTag';
import { checkEngineImages } from './commands/checkEngineImages';
import { repullEngineImage } from './commands/repullEngineImage';
import { removeEngineImage } from './commands/removeEngineImage';
import { runRegistryTag } from './commands/runRegistryTag';
import { setConfig } from './commands/setConfig';
import { showEffectiveConfig } from './commands/showEffectiveConfig';
import { showLogs } from './commands/showLogs';
import { syncEngine } from './commands/syncEngine';
import { unsetConfig } from './commands/unsetConfig';
import { ContainerTreeModel } from './containerTreeModel';
import { ViewQueryState } from '../platform/viewQuery/viewQueryState';
import { registerViewQuery } from '../platform/viewQuery/registerViewQuery';
import { ViewQueryCommandIds } from '../platform/ids';
import { CONTAINER_VIEW_SPEC } from '../../containers/containerViewSpec';
import { ContainerTreeProvider } from './containerTreeProvider';
import { testProbe } from '../platform/testProbes';
import { ContainerFileSystem, FILES_SCHEME } from './containerFileSystem';
import { INSPECT_SCHEME, InspectDocuments } from './inspectDocuments';
import { openEngine } from '../../containers/engineConnection';
import { getEngine } from '../../containers/engineRegistry';

/** The Containers view and its commands. */
export function registerContainers(deps: ExtensionDeps): vscode.Disposable {
  const engineCtx = extensionEngineContext(deps);
  const model = new ContainerTreeModel(deps.catalog, engineCtx);
  const query = new ViewQueryState('containers', CONTAINER_VIEW_SPEC, deps.context.workspaceState, deps.log);
  model.query = query.query;
  const provider = new ContainerTreeProvider(ViewIds.containers, model, deps.catalog, engineCtx);
  query.attach(provider.view);
  const ctx = new ContainerCommandContext(deps, provider, engineCtx);
  const inspectDocs = new InspectDocuments(inspectFetcher(ctx));
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
    command(CommandIds.enginesConnect, connectEngine(ctx)),
    command(CommandIds.enginesImportExisting, importExistingEngines(ctx)),
    command(CommandIds.enginesDisconnect, disconnectEngine(ctx)),
    command(CommandIds.enginesSync, syncEngine(ctx)),
    command(CommandIds.containersRefresh, refreshContainers(ctx)),
    // lifecycle
    command(CommandIds.containersStart, changeContainerState(ctx, CommandIds.containersStart, 'start', false)),
    command(CommandIds.containersStop, changeContainerState(ctx, CommandIds.containersStop, 'stop', false)),
    command(CommandIds.containersForceStop, changeContainerState(ctx, CommandIds.containersForceStop, 'stop', true)),
    command(CommandIds.containersRestart, changeContainerState(ctx, CommandIds.containersRestart, 'restart', false)),
    command(CommandIds.containersDelete, deleteContainer(ctx)),
    command(CommandIds.containersCreate, createContainer(ctx)),
    command(CommandIds.containersRunRegistryTag, runRegistryTag(ctx)),
    command(CommandIds.containersLaunchImageSource, launchImageSource(ctx)),
    command(CommandIds.engineImagesPull, pullRegistryTag(ctx)),
    command(CommandIds.localImagesImportToEngine, importLocalToEngine(ctx)),
    command(CommandIds.networksCreate, createNetwork(ctx)),
    command(CommandIds.networksDelete, deleteNetwork(ctx)),
    command(CommandIds.storageVolumesCreate, createVolume(ctx)),
    command(CommandIds.storageVolumesDelete, deleteVolume(ctx)),
    command(CommandIds.profilesCreate, createProfile(ctx)),
    command(CommandIds.profilesDelete, deleteProfile(ctx)),
    command(CommandIds.containersPublish, publishInstance(ctx)),
    command(CommandIds.containersCopy, copyInstance(ctx)),
    command(CommandIds.containersRename, renameInstance(ctx)),
    command(CommandIds.containersMoveToMember, moveToMember(ctx)),
    command(CommandIds.containersEvacuateMember, changeMemberState(ctx, 'evacuate')),
    command(CommandIds.containersRestoreMember, changeMemberState(ctx, 'restore')),
    command(CommandIds.engineImagesRemove, removeEngineImage(ctx)),
    command(CommandIds.engineImagesCheckOutdated, checkEngineImages(ctx)),
    command(CommandIds.engineImagesRepull, repullEngineImage(ctx)),
    command(CommandIds.enginesPrune, pruneEngine(ctx)),
    command(CommandIds.snapshotsCreate, createSnapshot(ctx)),
    command(CommandIds.snapshotsRestore, restoreSnapshot(ctx)),
    command(CommandIds.snapshotsDelete, deleteSnapshot(ctx)),
    // edits
    command(CommandIds.containersAddProfile, addProfile(ctx)),
    command(CommandIds.containersRemoveProfile, removeProfile(ctx)),
    command(CommandIds.containersSetConfig, setConfig(ctx)),
    command(CommandIds.containersUnsetConfig, unsetConfig(ctx)),
    command(CommandIds.containersAddDevice, addDevice(ctx)),
    command(CommandIds.containersRemoveDevice, removeDevice(ctx)),
    // inspect, YAML, drafts
    command(CommandIds.containersShowEffectiveConfig, showEffectiveConfig(ctx)),
    command(CommandIds.containersFindUsing, findContainersUsing(ctx)),
    command(CommandIds.containersExportYaml, exportContainerYaml(ctx)),
    command(CommandIds.profilesExportYaml, exportProfileYaml(ctx)),
    command(CommandIds.profilesImportYaml, importProfileYaml(ctx)),
    command(CommandIds.containersImportYaml, importContainerYaml(ctx)),
    command(CommandIds.containersApplyToEngine, applyContainerToEngine(ctx)),
    command(CommandIds.profilesApplyToEngine, applyProfileToEngine(ctx)),
    // inside a container
    command(CommandIds.containersOpenShell, openShell(ctx)),
    command(CommandIds.containersShowLogs, showLogs(ctx)),
    inspectDocs,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectDocs),
    command(CommandIds.containersInspect, inspectObject(ctx, inspectDocs)),
    vscode.workspace.registerFileSystemProvider(
      FILES_SCHEME,
      new ContainerFileSystem(async (engine) => openEngine(await getEngine(await deps.catalog(), engine), engineCtx)),
      { isCaseSensitive: true },
    ),
    command(CommandIds.containersOpenFile, openContainerFile(ctx)),
    command(CommandIds.containerFilesDownload, downloadContainerFile(ctx)),
    command(CommandIds.containerFilesUpload, uploadContainerFile(ctx)),
    command(CommandIds.containerFilesCreateFile, createContainerFile(ctx, CommandIds.containerFilesCreateFile, 'file')),
    command(CommandIds.containerFilesCreateFolder, createContainerFile(ctx, CommandIds.containerFilesCreateFolder, 'folder')),
    command(CommandIds.containerFilesDelete, deleteContainerFile(ctx)),
    command(CommandIds.containerFilesRename, renameContainerFile(ctx)),
    testProbe(CommandIds.containersViewInfo, () => provider.roots),
    testProbe(CommandIds.containersRedraws, () => ({ ...provider.redraws })),
    testProbe(CommandIds.containersEventInfo, () => provider.eventInfo()),
  );
}
