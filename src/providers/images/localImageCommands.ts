import * as vscode from 'vscode';
import { In } from 'typeorm';
import { ImageSource } from '../../entities/ImageSource';
import { LocalImage } from '../../entities/LocalImage';
import { showError } from '../platform/showError';
import { argObject, asNode } from './commandArgs';
import { downloadImageSource } from '../../images/downloadImage';
import { ImageCancelledError } from '../../images/imageCatalogError';
import type { ImageCommandContext } from './imageCommandContext';
import { ImageType } from '../../images/imageKinds';
import { formatSize } from '../../shared/formatSize';
import { importLegacyFolder } from '../../images/importLegacyFolder';
import { importTarball } from '../../images/importTarball';
import { deleteLocalImage } from '../../images/localImages';

const fail = (ctx: ImageCommandContext, what: string, e: unknown): undefined => {
  void showError(ctx.deps.log, `${what}: ${e instanceof Error ? e.message : String(e)}`, e);
  return undefined;
};

export interface DownloadCommandResult {
  localImageId: string;
  file: string;
  downloaded: boolean;
}

export async function download(ctx: ImageCommandContext, arg: unknown): Promise<DownloadCommandResult | undefined> {
  let sourceId: string | undefined;
  try {
    const node = asNode(arg);
    sourceId = node?.type === 'source' ? node.sourceId : argObject('download', arg, ['sourceId'] as const)?.sourceId;
    const catalog = await ctx.deps.catalog();
    if (!sourceId) {
      const sources = await catalog.read((em) => em.find(ImageSource, { order: { type: 'ASC', distribution: 'ASC', tags: 'ASC' } }));
      const pick = await vscode.window.showQuickPick(
        sources.filter((s) => s.type !== ImageType.Docker).map((s) => ({
          label: s.name ?? s.distribution,
          description: [s.type, formatSize(s.size), s.tags.split(',').find((t) => t.startsWith('@')) ?? ''].filter(Boolean).join(' · '),
          detail: s.url ?? '',
          id: s.id,
        })),
        { title: 'Download Image', matchOnDescription: true, matchOnDetail: true },
      );
      if (!pick) return undefined;
      sourceId = pick.id;
    }
    const id = sourceId;
    if (ctx.downloads.has(id)) {
      void vscode.window.showInformationMessage('This image is already being downloaded.');
      return undefined;
    }
    const source = await catalog.read((em) => em.findOne(ImageSource, { where: { id } }));
    if (!source) throw new Error(`image source ${id} does not exist`);
    const ac = new AbortController();
    ctx.downloads.set(id, ac);
    ctx.tree.setDownload(id, null);
    const dir = await ctx.imagesDir();
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Downloading ${source.name ?? source.distribution}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => ac.abort());
        let reported = 0;
        return downloadImageSource(catalog, dir, id, {
          signal: ac.signal,
          onProgress: (p) => {
            const pct = p.percent ?? 0;
            if (p.percent !== null && pct - reported < 1 && pct < 100) return; // at most ~100 updates
            progress.report({
              increment: p.percent === null ? undefined : pct - reported,
              message: p.total ? `${formatSize(p.received)} of ${formatSize(p.total)} (${Math.floor(pct)}%)` : formatSize(p.received),
            });
            reported = pct;
            ctx.tree.setDownload(id, p.percent);
          },
        });
      },
    );
    ctx.deps.log.info(`downloaded ${source.url} → ${r.file}${r.downloaded ? '' : ' (already present, verified)'}`);
    return { localImageId: r.localImage.id, file: r.file, downloaded: r.downloaded };
  } catch (e) {
    if (e instanceof ImageCancelledError) {
      ctx.deps.log.info(`download cancelled: ${e.message}`);
      void vscode.window.showInformationMessage('Download cancelled; no partial file was kept.');
      return undefined;
    }
    return fail(ctx, 'Download failed', e);
  } finally {
    if (sourceId) {
      ctx.downloads.delete(sourceId);
      ctx.tree.setDownload(sourceId, undefined);
    }
  }
}

/** Cancels one running download (by source, or the only one running), or asks which. */
export async function cancelDownload(ctx: ImageCommandContext, arg: unknown): Promise<boolean> {
  try {
    const node = asNode(arg);
    let id = node?.type === 'source' ? node.sourceId : argObject('cancelDownload', arg, ['sourceId'] as const)?.sourceId;
    if (!id) {
      const running = [...ctx.downloads.keys()];
      if (running.length === 0) {
        void vscode.window.showInformationMessage('No download is running.');
        return false;
      }
      if (running.length === 1) id = running[0];
      else {
        const catalog = await ctx.deps.catalog();
        const rows = await catalog.read((em) => em.findBy(ImageSource, { id: In(running) }));
        id = (await vscode.window.showQuickPick(rows.map((r) => ({ label: r.name ?? r.id, id: r.id })), { title: 'Cancel Download' }))?.id;
      }
    }
    const ac = id ? ctx.downloads.get(id) : undefined;
    if (!ac) return false;
    ac.abort();
    return true;
  } catch (e) {
    fail(ctx, 'Cancel failed', e);
    return false;
  }
}

export async function deleteLocal(ctx: ImageCommandContext, arg: unknown): Promise<{ fileRemoved: boolean } | undefined> {
  try {
    const node = asNode(arg);
    const a = node ? undefined : argObject('delete', arg, ['localImageId'] as const, ['confirmed'] as const);
    let id = node?.type === 'local' ? node.localId : a?.localImageId;
    const catalog = await ctx.deps.catalog();
    if (!id) {
      const locals = await catalog.read((em) => em.find(LocalImage, { order: { name: 'ASC' } }));
      id = (await vscode.window.showQuickPick(locals.map((l) => ({ label: l.name, description: l.state, id: l.id })), { title: 'Delete Local Image' }))?.id;
      if (!id) return undefined;
    }
    const localId = id;
    const local = await catalog.read((em) => em.findOne(LocalImage, { where: { id: localId } }));
    if (!local) throw new Error(`local image ${localId} does not exist`);
    if (a?.confirmed !== true) {
      const ok = await vscode.window.showWarningMessage(
        `Delete the local image "${local.name}"?`,
        { modal: true, detail: 'Its file is removed unless another local image uses the same file.' },
        'Delete',
      );
      if (ok !== 'Delete') return undefined;
    }
    const r = await deleteLocalImage(catalog, await ctx.imagesDir(), localId);
    ctx.deps.log.info(`local image deleted: ${r.name}${r.fileRemoved ? ' (file removed)' : r.sharedWith ? ` (file kept: used by ${r.sharedWith} other)` : ''}`);
    return { fileRemoved: r.fileRemoved };
  } catch (e) {
    return fail(ctx, 'Deleting the local image failed', e);
  }
}

export async function importTarballCommand(ctx: ImageCommandContext, arg: unknown): Promise<{ localImageId: string; imageSourceId: string | null } | undefined> {
  try {
    let path = argObject('importTarball', arg, ['path'] as const)?.path;
    if (!path) {
      const picked = await vscode.window.showOpenDialog({
        title: 'Import Tarball', canSelectMany: false, openLabel: 'Import',
        filters: { Tarballs: ['xz', 'gz', 'tgz', 'tar', 'zst', 'squashfs'] },
      });
      if (!picked?.[0]) return undefined;
      path = picked[0].fsPath;
    }
    const file = path;
    const catalog = await ctx.deps.catalog();
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Importing ${file}` },
      async () => importTarball(catalog, await ctx.imagesDir(), file),
    );
    ctx.deps.log.info(`imported ${file}: ${r.localImage.name} (${r.metadata.from ?? 'no metadata found'})`);
    return { localImageId: r.localImage.id, imageSourceId: r.localImage.imageSourceId };
  } catch (e) {
    return fail(ctx, 'Importing the tarball failed', e);
  }
}

export async function importLegacyFolderCommand(ctx: ImageCommandContext, arg: unknown): Promise<number | undefined> {
  try {
    let folder = argObject('importLegacyFolder', arg, ['folder'] as const)?.folder;
    if (!folder) {
      const picked = await vscode.window.showOpenDialog({ title: 'Import Legacy Image Folder', canSelectFolders: true, canSelectFiles: false, openLabel: 'Import' });
      if (!picked?.[0]) return undefined;
      folder = picked[0].fsPath;
    }
    const dir = folder;
    const catalog = await ctx.deps.catalog();
    const r = await importLegacyFolder(catalog, await ctx.imagesDir(), dir);
    if (r.alreadyImported) void vscode.window.showInformationMessage(`${dir} was imported before; nothing to do.`);
    else ctx.deps.log.info(`legacy import of ${dir}: ${r.imported.length} image(s)`);
    return r.imported.length;
  } catch (e) {
    return fail(ctx, 'Importing the legacy folder failed', e);
  }
}
