import * as vscode from 'vscode';
import { readArgs, requiredArg } from '../../common/commandArgs';
import { runCommand, type CommandHandler } from '../../common/runCommand';
import { ImageCommandIds } from '../../platform/ids';
import { importTarball as importIntoCatalog } from '../../../images/importTarball';
import { asNode, fromCode, type ImageCommandContext } from '../imageCommandContext';

/**
 * `containerCatalog.localImages.importTarball` — `{ path }` or an open dialog. Registers the tarball as a
 * Synced local image (sha256; distribution and release from its metadata); resolves with its Ids.
 */
export function importTarball(ctx: ImageCommandContext): CommandHandler {
  return async (arg?: unknown) =>
    runCommand({ title: vscode.l10n.t('Importing the tarball'), log: ctx.deps.log, programmatic: fromCode(arg) }, async () => {
      const file = (asNode(arg) ? undefined : requiredArg(readArgs(ImageCommandIds.importTarball, arg, { path: 'string' }), 'path')) ?? (await pickFile());
      if (!file) return undefined;
      const catalog = await ctx.deps.catalog();
      const dir = await ctx.imagesDir();
      // Not runCommand's progress: the import takes no signal, so its notification offers no Cancel.
      const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Importing {0}', file) }, () => importIntoCatalog(catalog, dir, file));
      ctx.deps.log.info(`imported ${file}: ${r.localImage.name} (${r.metadata.from ?? 'no metadata found'})`);
      return { localImageId: r.localImage.id, imageSourceId: r.localImage.imageSourceId };
    });
}

async function pickFile(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Import Tarball'), canSelectMany: false, openLabel: vscode.l10n.t('Import'),
    filters: { Tarballs: ['xz', 'gz', 'tgz', 'tar', 'zst', 'squashfs'] },
  });
  return picked?.[0]?.fsPath;
}
