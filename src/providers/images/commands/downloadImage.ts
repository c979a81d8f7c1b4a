import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { downloadImageSource } from '../../../images/downloadImage';
import { ImageCancelledError } from '../../../images/imageCatalogError';
import { ImageType } from '../../../images/imageKinds';
import { listImageSources } from '../../../images/listImageSources';
import { readImageSource } from '../../../images/readImageSource';
import { credentialsFromSecrets } from '../../../images/registryCredentials';
import { formatSize } from '../../../shared/formatSize';
import { asNode, fromCode, pickImageSource, withProgress, type ImageCommandContext } from '../imageCommandContext';

export interface DownloadCommandResult {
  localImageId: string;
  file: string;
  downloaded: boolean;
}

/**
 * `containerCatalog.imageSources.download` — a source node, `{ sourceId }`, or a quick pick of the
 * downloadable sources. Downloads into the images folder (sha256 verified), with progress on the
 * notification and on the source's row; Cancel (or the cancel command) leaves no partial file.
 */
export function downloadImage(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    runCommand({ title: vscode.l10n.t('Download'), log: ctx.deps.log, programmatic: fromCode(arg) }, async (): Promise<DownloadCommandResult | undefined> => {
      const node = asNode(arg);
      const catalog = await ctx.deps.catalog();
      const id = (node?.type === 'source' ? node.sourceId : node ? undefined : requiredArg(readArgs(ImageCommandIds.download, arg, { sourceId: 'string' }), 'sourceId'))
        ?? (await pickImageSource(ctx, vscode.l10n.t('Download Image'), (await listImageSources(catalog)).filter((s) => s.type !== ImageType.Docker)));
      if (!id) return undefined;
      if (ctx.downloads.has(id)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This image is already being downloaded.'));
        return undefined;
      }
      const source = await readImageSource(catalog, id);
      if (!source) throw new Error(`image source ${id} does not exist`);
      // The cancel command aborts this controller; so does the notification's Cancel.
      const ac = new AbortController();
      ctx.downloads.set(id, ac);
      ctx.tree.setDownload(id, null);
      try {
        const dir = await ctx.imagesDir();
        const r = await withProgress(ctx, vscode.l10n.t('Downloading {0}', source.name ?? source.distribution), ({ signal, report }) => {
          signal.addEventListener('abort', () => ac.abort());
          let reported = 0;
          return downloadImageSource(catalog, dir, id, {
            signal: ac.signal,
            // A docker:// source on a registry of the catalog is fetched with that registry's login.
            credentialsFor: credentialsFromSecrets(ctx.deps.secrets),
            onProgress: (p) => {
              const pct = p.percent ?? 0;
              if (p.percent !== null && pct - reported < 1 && pct < 100) return; // at most ~100 updates
              report(p.total ? `${formatSize(p.received)} of ${formatSize(p.total)} (${Math.floor(pct)}%)` : formatSize(p.received), p.percent === null ? undefined : pct - reported);
              reported = pct;
              ctx.tree.setDownload(id, p.percent);
            },
          });
        });
        if (!r) return undefined;
        ctx.deps.log.info(`downloaded ${source.url} → ${r.file}${r.downloaded ? '' : ' (already present, verified)'}`);
        return { localImageId: r.localImage.id, file: r.file, downloaded: r.downloaded };
      } catch (e) {
        if (!(e instanceof ImageCancelledError)) throw e;
        ctx.deps.log.info(`download cancelled: ${e.message}`);
        void vscode.window.showInformationMessage(vscode.l10n.t('Download cancelled; no partial file was kept.'));
        return undefined;
      } finally {
        // Only the run that started this download ends it: a second request for it changed nothing.
        ctx.downloads.delete(id);
        ctx.tree.setDownload(id, undefined);
      }
    });
}
