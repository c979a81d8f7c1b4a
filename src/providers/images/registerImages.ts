import * as vscode from 'vscode';
import type { ExtensionDeps } from '../platform/extensionDeps';
import { CommandIds, ImageCommandIds, ViewIds } from '../platform/ids';
import type { ImageCommandContext } from './imageCommandContext';
import { affectsServers, readImageSettings } from './imageSettings';
import { ImageSourcesTree } from './imageSourcesTree';
import { imagesFolderFor } from '../../images/imagesFolder';

// Command handlers (and with them TypeORM and the entities) load on first use, not at activation.
const sources = () => import('./sourceCommands.js');
const locals = () => import('./localImageCommands.js');
const filters = () => import('./filterCommands.js');

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
      const { addServer, normalizeServerUrl } = await import('../../images/serverList.js');
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
    reg(CommandIds.imageSourcesRedraws, () => ({ ...tree.redraws })),
    reg(C.addSimplestreams, async (a) => (await sources()).addSimplestreamsServer(ctx, a)),
    reg(C.removeSimplestreams, async (a) => (await sources()).removeSimplestreamsServer(ctx, a)),
    reg(C.addUri, async (a) => (await sources()).addUri(ctx, a)),
    reg(C.addRegistryImage, async (a) => (await sources()).addRegistryImageCommand(ctx, a)),
    reg(C.refresh, async (a) => (await sources()).refreshSources(ctx, a, false)),
    reg(C.refreshForced, async (a) => (await sources()).refreshSources(ctx, a, true)),
    reg(C.download, async (a) => (await locals()).download(ctx, a)),
    reg(C.cancelDownload, async (a) => (await locals()).cancelDownload(ctx, a)),
    reg(C.checkOutdated, async (a) => (await sources()).checkOutdated(ctx, a)),
    reg(C.filter, async (a) => (await filters()).filterSources(ctx, a)),
    reg(C.clearFilter, async () => (await filters()).clearFilter(ctx)),
    reg(C.deleteSource, async (a) => (await sources()).deleteSource(ctx, a)),
    reg(C.deleteLocal, async (a) => (await locals()).deleteLocal(ctx, a)),
    reg(C.importTarball, async (a) => (await locals()).importTarballCommand(ctx, a)),
    reg(C.importLegacyFolder, async (a) => (await locals()).importLegacyFolderCommand(ctx, a)),
  );
}
