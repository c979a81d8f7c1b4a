import { join } from 'node:path';
import { confirmHostKey } from '../../providers/containers/confirmHostKey';
import * as vscode from 'vscode';
import type { EngineContext } from '../../containers/engineConnection';
import { CommandIds } from '../../providers/platform/ids';
import type { ExtensionDeps } from '../../providers/platform/extensionDeps';
import type { PanelLogic } from '../panelSession';
import { listNetworksForPick } from '../network/loadNetworkView';
import { networkPanelLogic } from '../network/networkPanelLogic';
import type { NetworkRequest, NetworkView } from '../network/protocol';
import { listProfilesForPick } from '../profile/loadProfileView';
import { profilePanelLogic } from '../profile/profilePanelLogic';
import type { ProfileRequest, ProfileView } from '../profile/protocol';
import { listStoragePoolsForPick } from '../storage/loadStoragePoolView';
import { listStorageVolumesForPick } from '../storage/loadStorageVolumeView';
import type { StoragePoolRequest, StoragePoolView, StorageVolumeRequest, StorageVolumeView } from '../storage/protocol';
import { storagePoolPanelLogic } from '../storage/storagePoolPanelLogic';
import { storageVolumePanelLogic } from '../storage/storageVolumePanelLogic';
import { containerPanelLogic } from './containerPanelLogic';
import { listContainersForPick } from './loadContainerView';
import type { ContainerLive, ContainerRequest, ContainerView } from './protocol';

export interface EnginePanelsHooks {
  openContainer(id: string): Promise<void>;
  openNetwork(id: string): Promise<void>;
  openProfile(id: string): Promise<void>;
  openStoragePool(id: string): Promise<void>;
  openStorageVolume(id: string): Promise<void>;
}

async function pick(items: { id: string; name: string; engine: string }[], title: string, none: string): Promise<string | undefined> {
  if (items.length === 0) {
    void vscode.window.showInformationMessage(none);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    items.map((i) => ({ label: i.name, description: i.engine, id: i.id })),
    { title, placeHolder: vscode.l10n.t('Name'), matchOnDescription: true },
  );
  return picked?.id;
}

/**
 * The container and network panels (TypeORM, engine clients): reached by dynamic import on first
 * use so activation stays cheap.
 */
export function createEnginePanels(deps: ExtensionDeps, hooks: EnginePanelsHooks): {
  container: PanelLogic<ContainerView, ContainerRequest, ContainerLive>;
  network: PanelLogic<NetworkView, NetworkRequest>;
  profile: PanelLogic<ProfileView, ProfileRequest>;
  pickContainer(): Promise<string | undefined>;
  pickNetwork(): Promise<string | undefined>;
  pickProfile(): Promise<string | undefined>;
  storagePool: PanelLogic<StoragePoolView, StoragePoolRequest>;
  storageVolume: PanelLogic<StorageVolumeView, StorageVolumeRequest>;
  pickStoragePool(): Promise<string | undefined>;
  pickStorageVolume(): Promise<string | undefined>;
} {
  // The same folder the Containers commands record trusted server certificates in.
  const engineContext: EngineContext = { certDir: join(deps.context.globalStorageUri.fsPath, 'servercerts'), secrets: deps.secrets, logger: deps.log, confirmHostKey };
  return {
    container: containerPanelLogic({
      catalog: deps.catalog,
      engineContext,
      openNetwork: hooks.openNetwork,
      openProfile: hooks.openProfile,
      openVolume: hooks.openStorageVolume,
      openPool: hooks.openStoragePool,
      openContainer: hooks.openContainer,
      // The command itself: the same checks (a stopped container is refused with a clear error) and terminal.
      openShell: async (v) => String(await vscode.commands.executeCommand(CommandIds.containersOpenShell, { engine: v.engine.name, container: v.name })),
      // The Containers view refreshes itself on every catalog change; it has no per-node refresh to call.
      refreshNode: () => undefined,
      confirm: async (message, action) => (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action,
    }),
    network: networkPanelLogic(deps.catalog, hooks.openContainer),
    profile: profilePanelLogic({ catalog: deps.catalog, engineContext, openContainer: hooks.openContainer }),
    pickContainer: async () => pick(await listContainersForPick(await deps.catalog()), 'Open container details', 'There are no containers in the catalog yet.'),
    pickNetwork: async () => pick(await listNetworksForPick(await deps.catalog()), 'Open network details', 'There are no networks in the catalog yet.'),
    pickProfile: async () => pick(await listProfilesForPick(await deps.catalog()), 'Open profile details', 'There are no profiles in the catalog yet.'),
    storagePool: storagePoolPanelLogic(deps.catalog, hooks),
    storageVolume: storageVolumePanelLogic(deps.catalog, hooks),
    pickStoragePool: async () => pick(await listStoragePoolsForPick(await deps.catalog()), 'Open storage pool details', 'There are no storage pools in the catalog yet.'),
    pickStorageVolume: async () => pick(await listStorageVolumesForPick(await deps.catalog()), 'Open storage volume details', 'There are no storage volumes in the catalog yet.'),
  };
}
