import * as vscode from 'vscode';
import { ImageCommandIds } from '../../providers/platform/ids';
import type { ExtensionDeps } from '../../providers/platform/extensionDeps';
import type { PanelLogic } from '../panelSession';
import { imageSourcePanelLogic } from './imageSourcePanelLogic';
import { listImageSourcesForPick } from './loadImageSourceView';
import { listLocalImagesForPick } from './loadLocalImageView';
import { localImagePanelLogic } from './localImagePanelLogic';
import type { ImageSourceRequest, ImageSourceView, LocalImageRequest, LocalImageView } from './protocol';

export interface ImagePanelsHooks {
  openImageSource(id: string): Promise<void>;
  openLocalImage(id: string): Promise<void>;
}

async function pick(items: { id: string; label: string; description: string }[], title: string, none: string): Promise<string | undefined> {
  if (items.length === 0) {
    void vscode.window.showInformationMessage(none);
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Name'), matchOnDescription: true }))?.id;
}

/** Refresh types the images refresh command takes; registry images are checked with HEAD requests instead. */
const REFRESH_TYPES = new Set(['Builtin', 'Incus', 'Uri']);

/**
 * The image source and local image panels (TypeORM): reached by dynamic import on first use. Their
 * buttons run the images capability's own commands, so progress, cancel and errors look the same
 * as from the tree.
 */
export function createImagePanels(deps: ExtensionDeps, hooks: ImagePanelsHooks): {
  imageSource: PanelLogic<ImageSourceView, ImageSourceRequest>;
  localImage: PanelLogic<LocalImageView, LocalImageRequest>;
  pickImageSource(): Promise<string | undefined>;
  pickLocalImage(): Promise<string | undefined>;
} {
  return {
    imageSource: imageSourcePanelLogic(deps.catalog, {
      download: async (sourceId) =>
        vscode.commands.executeCommand<{ localImageId: string; downloaded: boolean } | undefined>(ImageCommandIds.download, { sourceId }),
      refresh: async (type) => {
        if (!REFRESH_TYPES.has(type)) {
          const r = await vscode.commands.executeCommand<{ checked: number; outdated: number } | undefined>(ImageCommandIds.checkOutdated, {});
          return r ? `Checked ${r.checked} registry image${r.checked === 1 ? '' : 's'}; ${r.outdated} outdated.` : undefined;
        }
        const results = await vscode.commands.executeCommand<{ type: string; status: string; error?: string }[] | undefined>(ImageCommandIds.refresh, { type });
        const r = results?.[0];
        if (!r || r.status === 'failed') return undefined;
        return r.status === 'skipped' ? 'The catalog is recent; nothing was asked (use a forced refresh from the tree to fetch anyway).' : `Catalog ${r.status}.`;
      },
      openLocalImage: hooks.openLocalImage,
    }),
    localImage: localImagePanelLogic(deps.catalog, hooks.openImageSource),
    pickImageSource: async () => pick(await listImageSourcesForPick(await deps.catalog()), 'Open image source details', 'There are no image sources in the catalog yet.'),
    pickLocalImage: async () => pick(await listLocalImagesForPick(await deps.catalog()), 'Open local image details', 'There are no local images in the catalog yet.'),
  };
}
