import type { Catalog } from '../../store/catalog';
import type { HandlerResult, PanelLogic } from '../panelSession';
import { loadImageSourceView } from './loadImageSourceView';
import type { ImageSourceRequest, ImageSourceView } from './protocol';
import { validateImageSourceMessage } from './validateImageSourceMessage';

/**
 * What the image source panel asks of the images capability: its own commands (progress
 * notification, cancel, errors shown the way the tree shows them).
 */
export interface ImageSourcePanelOperations {
  /** Downloads the source's image; the local image's id, or undefined when it was cancelled. A failure rejects (the panel shows why). */
  download(sourceId: string): Promise<{ localImageId: string; downloaded: boolean } | undefined>;
  /** Refreshes the catalog of this source's type; a one-line outcome, or undefined when the type's refresh failed (the command said so). A bad call rejects. */
  refresh(type: string): Promise<string | undefined>;
  openLocalImage(id: string): Promise<void>;
}

export function imageSourceTitle(v: Pick<ImageSourceView, 'name' | 'distribution'>): string {
  return `Image source: ${v.name ?? v.distribution}`;
}

/** The image source panel: every column, its local images, Download and Refresh through the images commands. */
export function imageSourcePanelLogic(catalog: () => Promise<Catalog>, ops: ImageSourcePanelOperations): PanelLogic<ImageSourceView, ImageSourceRequest> {
  return {
    noun: 'image source',
    validate: validateImageSourceMessage,
    load: async (id) => loadImageSourceView(await catalog(), id),
    title: imageSourceTitle,
    handle: async (m, { id, view }): Promise<HandlerResult> => {
      switch (m.type) {
        case 'download': {
          if (!view.downloadable) return { ok: false, message: 'This source cannot be downloaded as a file.' };
          const r = await ops.download(id);
          if (!r) return { ok: false, message: 'The download did not complete (see the notification or the log).' };
          return { ok: true, message: r.downloaded ? 'Downloaded and verified.' : 'Already downloaded; the file was verified.' };
        }
        case 'refresh': {
          if (!view.refreshable) return { ok: false, message: 'Local tarballs have no catalog to refresh.' };
          const outcome = await ops.refresh(view.type);
          return outcome === undefined ? { ok: false, message: 'The refresh failed (see the notification or the log).' } : { ok: true, message: outcome };
        }
        case 'openLocalImage':
          // Only local images the panel lists can be opened from it.
          if (!view.localImages.some((l) => l.id === m.localImage)) return { ok: false, message: `${m.localImage} is not made from this source.` };
          await ops.openLocalImage(m.localImage);
          return { ok: true };
      }
    },
  };
}
