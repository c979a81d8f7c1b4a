import * as vscode from 'vscode';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { ImageCommandIds, ViewIds } from '../platform/ids';
import { clearFilter, filterSources } from './filterCommands';
import type { ImageCommandContext } from './imageCommandContext';
import { affectsServers, readImageSettings } from './imageSettings';
import { ImageSourcesTree } from './imageSourcesTree';
import { imagesFolderFor } from './imagesFolder';
import { cancelDownload, deleteLocal, download, importLegacyFolderCommand, importTarballCommand } from './localImageCommands';
import { addServer, normalizeServerUrl } from './serverList';
import {
  addRegistryImageCommand, addSimplestreamsServer, addUri, checkOutdated, refreshSources, removeSimplestreamsServer,
} from './sourceCommands';

/**
 * The image-sources view and its commands. Nothing touches the network until the user runs a
 * command: the view shows what the catalog holds and how old it is (offline-first).
 */
export function registerImages(deps: ExtensionDeps): vscode.Disposable {
  const tree = new ImageSourcesTree(deps.catalog, deps.log);
  const view = vscode.window.createTreeView(ViewIds.imageSources, { treeDataProvider: tree, showCollapseAll: true });
  const ctx: ImageCommandContext = {
    deps,
    tree,
    downloads: new Map(),
    imagesDir: async () => imagesFolderFor((await deps.catalog()).file),
  };
  const C = ImageCommandIds;
  const reg = (id: string, fn: (arg: unknown) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, fn);

  // Servers the user adds to the setting later are added to the catalog's list (which the CLI shares).
  let knownServers = readImageSettings().simplestreamsServers;
  const onSettings = vscode.workspace.onDidChangeConfiguration(async (e) => {
    if (!affectsServers(e)) return;
    const next = readImageSettings().simplestreamsServers;
    const added = next.filter((s) => !knownServers.includes(s));
    knownServers = next;
    try {
      const catalog = await deps.catalog();
      for (const s of added) await addServer(catalog, normalizeServerUrl(s), next);
    } catch (err) {
      deps.log.warn(`simplestreams setting: ${(err as Error).message}`);
    }
  });

  return vscode.Disposable.from(
    tree,
    view,
    onSettings,
    { dispose: () => ctx.downloads.forEach((ac) => ac.abort()) },
    reg(C.addSimplestreams, (a) => addSimplestreamsServer(ctx, a)),
    reg(C.removeSimplestreams, (a) => removeSimplestreamsServer(ctx, a)),
    reg(C.addUri, (a) => addUri(ctx, a)),
    reg(C.addRegistryImage, (a) => addRegistryImageCommand(ctx, a)),
    reg(C.refresh, (a) => refreshSources(ctx, a, false)),
    reg(C.refreshForced, (a) => refreshSources(ctx, a, true)),
    reg(C.download, (a) => download(ctx, a)),
    reg(C.cancelDownload, (a) => cancelDownload(ctx, a)),
    reg(C.checkOutdated, (a) => checkOutdated(ctx, a)),
    reg(C.filter, (a) => filterSources(ctx, a)),
    reg(C.clearFilter, () => clearFilter(ctx)),
    reg(C.deleteLocal, (a) => deleteLocal(ctx, a)),
    reg(C.importTarball, (a) => importTarballCommand(ctx, a)),
    reg(C.importLegacyFolder, (a) => importLegacyFolderCommand(ctx, a)),
  );
}
