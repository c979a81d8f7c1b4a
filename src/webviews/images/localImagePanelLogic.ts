import type { Catalog } from '../../store/catalog';
import type { HandlerResult, PanelLogic } from '../panelSession';
import { loadLocalImageView } from './loadLocalImageView';
import type { LocalImageRequest, LocalImageView } from './protocol';
import { validateLocalImageMessage } from './validateLocalImageMessage';
import { recordFileMismatch } from '../../images/recordFileMismatch';
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
        case 'verify': {
          const result = await verifyLocalImage(view);
          const said = describeVerify(result);
          if (result.result !== 'mismatch') return said;
          // The tree and this panel must not go on calling a file that fails its check "Downloaded".
          const outcome = await recordFileMismatch(await catalog(), view.id, result.actual);
          const replace = view.type === 'Local' ? 'import the original tarball again to replace this file' : 'Download fetches the right file and replaces this one';
          const next = !outcome.recorded
            ? ` The catalog was not changed: ${outcome.reason}.`
            : outcome.state === 'Outdated'
              ? ` The image is now marked Outdated: ${replace}.`
              : " The catalog now records the file's digest.";
          return { ok: false, message: said.message + next };
        }
        case 'openSource':
          if (!view.source) return { ok: false, message: 'The source of this image was removed from the catalog.' };
          await openSource(view.source.id);
          return { ok: true };
      }
    },
  };
}
