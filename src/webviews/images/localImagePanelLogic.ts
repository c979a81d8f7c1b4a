import type { Catalog } from '../../store/catalog';
import type { HandlerResult, PanelLogic } from '../panelSession';
import { loadLocalImageView } from './loadLocalImageView';
import type { LocalImageRequest, LocalImageView } from './protocol';
import { validateLocalImageMessage } from './validateLocalImageMessage';
import { describeVerify, verifyLocalImage } from './verifyLocalImage';

export function localImageTitle(v: Pick<LocalImageView, 'name'>): string {
  return `Local image: ${v.name}`;
}

/** The local image panel: state, file, digest; "Verify file" recomputes the digest of the file on disk. */
export function localImagePanelLogic(catalog: () => Promise<Catalog>, openSource: (id: string) => Promise<void>): PanelLogic<LocalImageView, LocalImageRequest> {
  return {
    noun: 'local image',
    validate: validateLocalImageMessage,
    load: async (id) => loadLocalImageView(await catalog(), id),
    title: localImageTitle,
    handle: async (m, { view }): Promise<HandlerResult> => {
      switch (m.type) {
        case 'verify':
          return describeVerify(await verifyLocalImage(view));
        case 'openSource':
          if (!view.source) return { ok: false, message: 'The source of this image was removed from the catalog.' };
          await openSource(view.source.id);
          return { ok: true };
      }
    },
  };
}
