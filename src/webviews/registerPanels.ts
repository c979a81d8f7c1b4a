import * as vscode from 'vscode';
import type { ExtensionDeps } from '../providers/platform/extensionDeps';
import { CommandIds } from '../providers/platform/ids';
import { lazyAsync } from '../shared/lazyAsync';
import type { PanelType } from './detailPanels';
import { createDetailPanels, registerDetailPanel } from './registerDetailPanels';
import type { ContainerLive, ContainerRequest, ContainerView } from './container/protocol';
import { engineObjectId } from './engineObjectId';
import type { LaunchLive, LaunchRequest, LaunchView } from './launch/protocol';
import { launchPanelId, launchRefOfNode } from './launch/launchPanelId';
import type { ImageSourceRequest, ImageSourceView, LocalImageRequest, LocalImageView } from './images/protocol';
import type { NetworkRequest, NetworkView } from './network/protocol';
import type { ProfileRequest, ProfileView } from './profile/protocol';
import type { RegistryLive, RegistryRequest, RegistryView } from './registry/protocol';
import type { StoragePoolRequest, StoragePoolView, StorageVolumeRequest, StorageVolumeView } from './storage/protocol';
import { storageVolumeId } from './storage/storageVolumeId';
import { PanelViewTypes } from './viewTypes';
import { testProbe } from '../providers/platform/testProbes';

/** A Registries tree node (`{ type: 'registry', registry: { id } }`, plain data) → the registry id. */
function registryIdOfNode(arg: unknown): string | undefined {
  const node = arg as { type?: unknown; registry?: { id?: unknown }; registryId?: unknown } | undefined;
  if (typeof node !== 'object' || node === null) return undefined;
  if (node.type === 'registry' && typeof node.registry?.id === 'string') return node.registry.id;
  if ((node.type === 'repository' || node.type === 'tag') && typeof node.registryId === 'string') return node.registryId;
  return undefined;
}

/** A Containers tree node naming a container, network or storage pool (`{ type, engineId, name }`) → the panel id. */
function engineIdOfNode(type: 'container' | 'network' | 'pool'): (arg: unknown) => string | undefined {
  return (arg) => {
    const node = arg as { type?: unknown; engineId?: unknown; name?: unknown } | undefined;
    if (typeof node !== 'object' || node === null || node.type !== type) return undefined;
    return typeof node.engineId === 'number' && typeof node.name === 'string' ? engineObjectId(node.engineId, node.name) : undefined;
  };
}

/** A Containers tree `profile` node (`{ engineId, name }`) or `profileRef` node (`{ engineId, profile }`) → the panel id. */
function profileIdOfNode(arg: unknown): string | undefined {
  const node = arg as { type?: unknown; engineId?: unknown; name?: unknown; profile?: unknown } | undefined;
  if (typeof node !== 'object' || node === null || typeof node.engineId !== 'number') return undefined;
  const name = node.type === 'profile' ? node.name : node.type === 'profileRef' ? node.profile : undefined;
  return typeof name === 'string' ? engineObjectId(node.engineId, name) : undefined;
}

/** A Containers tree `volume` node (`{ engineId, pool, volumeType, name }`) → the volume panel id. */
function volumeIdOfNode(arg: unknown): string | undefined {
  const node = arg as { type?: unknown; engineId?: unknown; name?: unknown; pool?: unknown; volumeType?: unknown } | undefined;
  if (typeof node !== 'object' || node === null || node.type !== 'volume') return undefined;
  const ok = typeof node.engineId === 'number' && typeof node.name === 'string' && typeof node.pool === 'string' && typeof node.volumeType === 'string';
  return ok ? storageVolumeId(node.engineId as number, node.pool as string, node.volumeType as string, node.name as string) : undefined;
}

/** An Image sources tree node (`{ type: 'source', sourceId }` / `{ type: 'local', localId }`) → the object id. */
function imageIdOfNode(type: 'source' | 'local'): (arg: unknown) => string | undefined {
  return (arg) => {
    const node = arg as { type?: unknown; sourceId?: unknown; localId?: unknown } | undefined;
    if (typeof node !== 'object' || node === null || node.type !== type) return undefined;
    const id = type === 'source' ? node.sourceId : node.localId;
    return typeof id === 'string' ? id : undefined;
  };
}

/**
 * Detail panels: the shared panel host, one serializer and one `openDetails` command per panel type,
 * and an internal diagnostics command the integration tests read. Each panel's logic (TypeORM,
 * services) is imported on first use, not at activation.
 */
export function registerPanels(deps: ExtensionDeps): vscode.Disposable {
  const panels = createDetailPanels(deps);

  const registry = lazyAsync(async () => (await import('./registry/createRegistryPanel.js')).createRegistryPanel(deps));
  const registryType: PanelType<RegistryView, RegistryRequest, RegistryLive> = {
    kind: 'registry',
    viewType: PanelViewTypes.registry,
    logic: async () => (await registry.get()).logic,
  };

  const engines = lazyAsync(async () =>
    (await import('./container/createEnginePanels.js')).createEnginePanels(deps, {
      openContainer: (id) => panels.show(containerType, id),
      openNetwork: (id) => panels.show(networkType, id),
      openProfile: (id) => panels.show(profileType, id),
      openStoragePool: (id) => panels.show(storagePoolType, id),
      openStorageVolume: (id) => panels.show(storageVolumeType, id),
    }),
  );
  const containerType: PanelType<ContainerView, ContainerRequest, ContainerLive> = {
    kind: 'container',
    viewType: PanelViewTypes.container,
    logic: async () => (await engines.get()).container,
  };
  const networkType: PanelType<NetworkView, NetworkRequest> = {
    kind: 'network',
    viewType: PanelViewTypes.network,
    logic: async () => (await engines.get()).network,
  };
  const profileType: PanelType<ProfileView, ProfileRequest> = {
    kind: 'profile',
    viewType: PanelViewTypes.profile,
    logic: async () => (await engines.get()).profile,
  };

  const storagePoolType: PanelType<StoragePoolView, StoragePoolRequest> = {
    kind: 'storagePool',
    viewType: PanelViewTypes.storagePool,
    logic: async () => (await engines.get()).storagePool,
  };
  const storageVolumeType: PanelType<StorageVolumeView, StorageVolumeRequest> = {
    kind: 'storageVolume',
    viewType: PanelViewTypes.storageVolume,
    logic: async () => (await engines.get()).storageVolume,
  };

  const images = lazyAsync(async () =>
    (await import('./images/createImagePanels.js')).createImagePanels(deps, {
      openImageSource: (id) => panels.show(imageSourceType, id),
      openLocalImage: (id) => panels.show(localImageType, id),
    }),
  );
  const imageSourceType: PanelType<ImageSourceView, ImageSourceRequest> = {
    kind: 'imageSource',
    viewType: PanelViewTypes.imageSource,
    logic: async () => (await images.get()).imageSource,
  };
  const localImageType: PanelType<LocalImageView, LocalImageRequest> = {
    kind: 'localImage',
    viewType: PanelViewTypes.localImage,
    logic: async () => (await images.get()).localImage,
  };

  const launch = lazyAsync(async () => (await import('./launch/createLaunchPanel.js')).createLaunchPanel(deps));
  const launchType: PanelType<LaunchView, LaunchRequest, LaunchLive> = {
    kind: 'launch',
    viewType: PanelViewTypes.launch,
    logic: async () => (await launch.get()).logic,
  };
  const launchIdOfNode = (arg: unknown): string | undefined => {
    const ref = launchRefOfNode(arg);
    return ref && launchPanelId(ref);
  };

  return vscode.Disposable.from(
    panels,
    registerDetailPanel(panels, imageSourceType, CommandIds.imageSourcesOpenDetails, async () => (await images.get()).pickImageSource(), deps.log, imageIdOfNode('source')),
    registerDetailPanel(panels, localImageType, CommandIds.localImagesOpenDetails, async () => (await images.get()).pickLocalImage(), deps.log, imageIdOfNode('local')),
    registerDetailPanel(panels, containerType, CommandIds.containersOpenDetails, async () => (await engines.get()).pickContainer(), deps.log, engineIdOfNode('container')),
    registerDetailPanel(panels, networkType, CommandIds.networksOpenDetails, async () => (await engines.get()).pickNetwork(), deps.log, engineIdOfNode('network')),
    registerDetailPanel(panels, profileType, CommandIds.profilesOpenDetails, async () => (await engines.get()).pickProfile(), deps.log, profileIdOfNode),
    registerDetailPanel(panels, storagePoolType, CommandIds.storagePoolsOpenDetails, async () => (await engines.get()).pickStoragePool(), deps.log, engineIdOfNode('pool')),
    registerDetailPanel(panels, storageVolumeType, CommandIds.storageVolumesOpenDetails, async () => (await engines.get()).pickStorageVolume(), deps.log, volumeIdOfNode),
    { dispose: () => registry.peek()?.dispose() },
    registerDetailPanel(panels, registryType, CommandIds.registriesOpenDetails, async () => (await registry.get()).pick(), deps.log, registryIdOfNode),
    registerDetailPanel(panels, launchType, CommandIds.containersOpenLaunchPanel, async () => (await launch.get()).pick(), deps.log, launchIdOfNode),
    testProbe(CommandIds.panelsInfo, () => panels.info()),
  );
}
