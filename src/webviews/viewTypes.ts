/**
 * Webview view types of the detail panels (also their serializer keys and the `onWebviewPanel:`
 * activation events in package.json). Kept apart from the panels' logic so registering them loads
 * nothing heavy at activation.
 */
export const PanelViewTypes = {
  registry: 'containerCatalog.panel.registry',
  container: 'containerCatalog.panel.container',
  network: 'containerCatalog.panel.network',
  imageSource: 'containerCatalog.panel.imageSource',
  localImage: 'containerCatalog.panel.localImage',
  profile: 'containerCatalog.panel.profile',
  storagePool: 'containerCatalog.panel.storagePool',
  storageVolume: 'containerCatalog.panel.storageVolume',
  launch: 'containerCatalog.panel.launch',
} as const;
