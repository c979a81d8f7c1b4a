import { catalogFile } from '../platform/catalogFile';
import * as vscode from 'vscode';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds, ImageCommandIds, ViewIds } from '../platform/ids';
import { lazyCommand } from '../common/lazyCommand';
import { clearFilter } from './commands/clearFilter';
import type { ImageCommandContext } from './imageCommandContext';
import { followServerSetting } from './followServerSetting';
import { ImageSourcesTree } from './imageSourcesTree';
import { imagesFolderFor } from '../../images/imagesFolder';
import { keptPaintProbes } from '../platform/keptPaintProbes';
import { ViewQueryState } from '../platform/viewQuery/viewQueryState';
import { registerViewQuery } from '../platform/viewQuery/registerViewQuery';
import { ViewQueryCommandIds } from '../platform/ids';
import { IMAGE_SOURCE_VIEW_SPEC } from '../../images/imageSourceViewSpec';

/**
 * The image-sources view and its commands. Nothing touches the network until the user runs a
 * command: the view shows what the catalog holds and how old it is (offline-first).
 */
export function registerImages(deps: ExtensionDeps): vscode.Disposable {
  const query = new ViewQueryState('imageSources', IMAGE_SOURCE_VIEW_SPEC, deps.context.workspaceState, deps.log);
  const kept = { catalogFile: catalogFile(deps.context), view: 'imageSources', catalogOpen: () => deps.openedCatalog() !== undefined, gate: deps.firstPaint };
  const tree = new ImageSourcesTree(deps.catalog, deps.log, query, kept);
  const view = vscode.window.createTreeView(ViewIds.imageSources, { treeDataProvider: tree, showCollapseAll: true });
  query.attach(view);
  const watched = tree.watch(view);
  // The older filter command's clear action follows the os/release/variant/arch part of the shared query.
  const filtered = (): Thenable<unknown> => vscode.commands.executeCommand('setContext', 'containerCatalog.imageSources.filtered', Object.keys(tree.currentFilter).length > 0);
  void filtered();
  const ctx: ImageCommandContext = {
    deps,
    tree,
    downloads: new Map(),
    imagesDir: async () => imagesFolderFor((await deps.catalog()).file),
  };
  const C = ImageCommandIds;
  const reg = (id: string, fn: (arg: unknown) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, fn);

  const onSettings = followServerSetting(deps);

  return vscode.Disposable.from(
    tree,
    view,
    watched,
    query,
    query.onDidChange(() => void filtered()),
    registerViewQuery({ state: query, rows: async () => (await tree.data()).sources, commandPrefix: ViewQueryCommandIds.imageSources, title: vscode.l10n.t('Image Sources'), log: deps.log }),
    onSettings,
    { dispose: () => ctx.downloads.forEach((ac) => ac.abort()) },
    keptPaintProbes({ redraws: CommandIds.imageSourcesRedraws, replay: CommandIds.imageSourcesReplayFirstPaint }, tree),
    reg(C.addSimplestreams, lazyCommand(async () => (await import('./commands/addSimplestreamsServer.js')).addSimplestreamsServer(ctx))),
    reg(C.removeSimplestreams, lazyCommand(async () => (await import('./commands/removeSimplestreamsServer.js')).removeSimplestreamsServer(ctx))),
    reg(C.addUri, lazyCommand(async () => (await import('./commands/addImageUrl.js')).addImageUrl(ctx))),
    reg(C.addRegistryImage, lazyCommand(async () => (await import('./commands/addRegistryImage.js')).addRegistryImage(ctx))),
    reg(C.refresh, lazyCommand(async () => (await import('./commands/refreshImageSources.js')).refreshImageSources(ctx, false))),
    reg(C.refreshForced, lazyCommand(async () => (await import('./commands/refreshImageSources.js')).refreshImageSources(ctx, true))),
    reg(C.download, lazyCommand(async () => (await import('./commands/downloadImage.js')).downloadImage(ctx))),
    reg(C.cancelDownload, lazyCommand(async () => (await import('./commands/cancelDownload.js')).cancelDownload(ctx))),
    reg(C.checkOutdated, lazyCommand(async () => (await import('./commands/checkOutdatedImages.js')).checkOutdatedImages(ctx))),
    reg(C.filter, lazyCommand(async () => (await import('./commands/filterSources.js')).filterSources(ctx))),
    reg(C.clearFilter, clearFilter(ctx)),
    reg(C.deleteSource, lazyCommand(async () => (await import('./commands/deleteImageSource.js')).deleteImageSource(ctx))),
    reg(C.deleteLocal, lazyCommand(async () => (await import('./commands/deleteLocalImage.js')).deleteLocalImage(ctx))),
    reg(C.importTarball, lazyCommand(async () => (await import('./commands/importTarball.js')).importTarball(ctx))),
    reg(C.importLegacyFolder, lazyCommand(async () => (await import('./commands/importLegacyFolder.js')).importLegacyFolder(ctx))),
    reg(C.importWslManager, lazyCommand(async () => (await import('./commands/importWslManager.js')).importWslManager(ctx))),
    reg(C.findWslManager, lazyCommand(async () => (await import('./commands/findWslManager.js')).findWslManager(ctx))),
  );
}
